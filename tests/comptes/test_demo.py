"""`territoires demo charger` and `territoires demo code` on the shipped territories."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from territoires.comptes.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_code
from territoires.comptes.models import Invitation, Membre, Organisation, User

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Organisation, Membre, TOTPDevice, Invitation)
    }


@pytest.fixture
def gers(settings):
    settings.TERRITOIRES_DEPARTEMENT = "32"
    run("referentiel_import", "--departement", "32")


def test_refuses_without_the_territories():
    with pytest.raises(CommandError, match="territoires referentiel import --departement 32"):
        run("demo_charger")


def test_gers_demo_is_complete_and_idempotent(gers):
    output = run("demo_charger")
    assert "éléments créés" in output
    for account in DEMO_ACCOUNTS:
        assert account["email"] in output
    assert "territoires-demo" in output
    first = counts()

    departement = Organisation.objects.get(type=Organisation.Type.DEPARTEMENT)
    assert departement.nom == "Département du Gers"
    assert stdnum_siren.is_valid(departement.siren)
    services = set(departement.services.values_list("nom", flat=True))
    assert {"Mission Ingénierie des Territoires", "Direction des finances"} <= services
    # Module demos (ingénierie) add an organisation per commune: the demo accounts' ones
    # are those with members.
    communes = Organisation.objects.filter(
        type=Organisation.Type.COMMUNE, membres__isnull=False
    ).distinct()
    assert set(communes.values_list("commune__code", flat=True)) == {"32208", "32013"}
    epci = Organisation.objects.filter(type=Organisation.Type.EPCI, membres__isnull=False)[0]
    assert "Ténarèze" in epci.nom or "Tenarèze" in epci.nom
    entreprise = Organisation.objects.filter(
        type=Organisation.Type.ENTREPRISE, membres__isnull=False
    )[0]
    assert stdnum_siret.is_valid(entreprise.siret)
    for organisation in Organisation.objects.all():
        organisation.full_clean()

    secretaire = User.objects.get(email="secretaire@territoires.test")
    assert secretaire.membres.actifs().count() == 2

    # A second run keeps everything as it is, even what was changed in between.
    User.objects.filter(email="maire@territoires.test").update(first_name="Jeanne")
    assert "rien à créer" in run("demo_charger")
    assert counts() == first
    assert User.objects.get(email="maire@territoires.test").first_name == "Jeanne"


def test_herault_demo_picks_its_own_territories(settings):
    settings.TERRITOIRES_DEPARTEMENT = "34"
    run("referentiel_import", "--departement", "34")
    run("demo_charger")
    # Module demos (ingénierie) add an organisation per commune: the demo accounts' ones
    # are those with members.
    communes = Organisation.objects.filter(
        type=Organisation.Type.COMMUNE, membres__isnull=False
    ).distinct()
    assert communes.count() == 2
    assert set(communes.values_list("commune__departement__code", flat=True)) == {"34"}
    # The Hérault profile's communes: one rural, one not (territoires/instances/herault.py).
    assert set(communes.values_list("commune__code", flat=True)) == {"34261", "34114"}
    assert Organisation.objects.get(type=Organisation.Type.DEPARTEMENT).nom == (
        "Département de l'Hérault"
    )
    assert (
        Organisation.objects.filter(type=Organisation.Type.EPCI, membres__isnull=False)
        .distinct()
        .count()
        == 1
    )


def test_every_demo_account_logs_in_and_staff_type_their_code(client, gers):
    run("demo_charger")
    for account in DEMO_ACCOUNTS:
        client.logout()
        response = client.post(
            "/comptes/connexion/", {"username": account["email"], "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account["email"]
        if account["needs_otp"]:
            assert response["Location"].startswith("/comptes/verification/"), account["email"]
            # The demo key is already confirmed: the code page, not the enrolment.
            assert client.get(response["Location"]).status_code == 200
            response = client.post(
                "/comptes/verification/",
                {"code": demo_totp_code(account["email"]), "next": "/"},
            )
        assert response["Location"] == "/", account["email"]
        assert client.get("/").status_code == 200, account["email"]


def test_demo_code_twice_in_a_row_still_works(client, gers):
    run("demo_charger")
    email = "conseiller@territoires.test"
    for _ in range(2):
        client.logout()
        client.post("/comptes/connexion/", {"username": email, "password": DEMO_PASSWORD})
        response = client.post("/comptes/verification/", {"code": run("demo_code", email).strip()})
        assert response["Location"] == "/"


def test_demo_code_only_for_demo_accounts(gers):
    run("demo_charger")
    with pytest.raises(CommandError, match="pas un compte de démonstration"):
        run("demo_code", "quelqu.un@gers.fr")
    with pytest.raises(CommandError, match="pas d'application"):
        run("demo_code", "maire@territoires.test")


def test_refused_in_production(settings, gers):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run("demo_charger")
    with pytest.raises(CommandError, match="production"):
        run("demo_code", "conseiller@territoires.test")


def test_printed_code_hint_runs_as_printed(client, gers):
    """The table names, for each agent, a command that gives the code when pasted as is in the
    project's folder (where `make run` prints it): the program exists and the code logs in."""
    import re
    import shlex
    from pathlib import Path

    output = run("demo_charger")
    hints = re.findall(r"\[code : ([^\]]+)\]", output)
    agents = [account["email"] for account in DEMO_ACCOUNTS if account["needs_otp"]]
    assert len(hints) == len(agents)
    program, *args = shlex.split(hints[0])
    assert (Path(__file__).resolve().parents[2] / program).exists()  # the project's folder
    assert args[:2] == ["demo", "code"] and args[2] == agents[0]
    client.post("/comptes/connexion/", {"username": args[2], "password": DEMO_PASSWORD})
    code = run("demo_code", *args[2:]).strip()
    assert client.post("/comptes/verification/", {"code": code})["Location"] == "/"


def test_links_in_e_mails_name_the_port_served(tmp_path):
    """`make run` exports TERRITOIRES_PORT: without TERRITOIRES_BASE_URL, links name that port
    (and a PORT set by another tool, e.g. the test PostgreSQL, changes nothing)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TERRITOIRES_BASE_URL"}
    env["TERRITOIRES_PORT"] = "8101"
    env["PORT"] = "5432"
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.TERRITOIRES_BASE_URL)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "territoires.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == "http://localhost:8101"
