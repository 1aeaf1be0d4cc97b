"""No export of the aides module carries a live spreadsheet formula: OWASP payloads in every
text field (dossier title, organisation, scheme, session, deliberation, expense, journal
author and reason, attributing body) come out inert and readable, numbers and dates typed."""

import datetime
import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from territoires.aides import services
from territoires.aides.models import ConfigurationAides, Dossier
from tests.comptes.factories import login
from tests.core import samples
from tests.core.formules import MILIEU, charge, contenu, verifier_csv, verifier_xlsx

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def piege():
    """A granted dossier whose every text field is a payload, and a harmless one beside it."""
    w = world()
    w.commune.nom = charge(0)
    w.commune.save()
    w.ddr.nom = charge(1)
    w.ddr.save()
    w.agent.first_name, w.agent.last_name = charge(2), "Agent"
    w.agent.save()
    ConfigurationAides.objects.update(nom_attribuant=charge(3))
    dossier = dossier_ddr(w, intitule=charge(4))
    dossier.depenses.update(libelle=charge(5))
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 2))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D("8000"))
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    services.dossier_program(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    dossier.session.nom = charge(6)
    dossier.session.save()
    services.session_vote(
        session=dossier.session,
        actor=w.chef,
        numero=charge(0, " CP"),
        date=datetime.date(2026, 6, 26),
        decisions={dossier.pk: "attribuer"},
    )
    dossier_ddr(w, intitule=MILIEU)  # a draft: in the commune's own list only
    voisin = dossier_ddr(w, intitule=MILIEU, organisation=w.commune_b)
    services.dossier_submit(dossier=voisin, actor=w.agent_b, date=datetime.date(2026, 3, 2))
    dossier.refresh_from_db()
    return w, dossier


LISTE = [charge(0), charge(1), charge(4), charge(6), MILIEU]


def _liste(client, url):
    csv_rows = verifier_csv(contenu(client.get(url + "csv")).decode("utf-8-sig"), attendus=LISTE)
    header, row = csv_rows[0], next(r for r in csv_rows if r[3] != MILIEU and r[0] != "Numéro")
    assert row[header.index("Déposé le")] == "2026-03-02"  # ISO date
    assert row[header.index("Coût HT")] == "20000.00"  # a number, no apostrophe
    response = client.get(url + "xlsx")
    sheet = verifier_xlsx(response.content, attendus=LISTE).active
    values = list(sheet.values)
    row = next(v for v in values[1:] if v[3] != MILIEU)
    assert isinstance(row[5], datetime.datetime)  # a real date cell
    assert row[5].date() == datetime.date(2026, 3, 2)
    assert row[6] == 20000 and isinstance(row[6], (int, float))


def test_dossier_lists_of_the_commune_the_instructor_and_the_session(client, piege):
    w, dossier = piege
    login(client, w.agent)
    _liste(client, reverse("aides:mes_dossiers_export", args=["x"])[:-1])
    login(client, w.instructeur)
    _liste(client, reverse("aides:instruction_export", args=["x"])[:-1])
    login(client, w.chef)
    url = reverse("aides:session_export", args=[dossier.session_id, "x"])[:-1]
    csv_rows = verifier_csv(
        contenu(client.get(url + "csv")).decode("utf-8-sig"),
        attendus=LISTE,
    )
    assert len(csv_rows) == 3  # the granted dossier and the neighbour's
    verifier_xlsx(client.get(url + "xlsx").content, attendus=[charge(4), charge(6)])


def test_dossier_archive(client, piege):
    w, dossier = piege
    plan = samples.PDF + b"%" + b"x" * 300_000 + b"\n"  # several chunks
    services.dossier_document_add(
        dossier=dossier, actor=w.agent, fichier=SimpleUploadedFile("plan.pdf", plan)
    )
    login(client, w.instructeur)
    response = client.get(reverse("aides:dossier_archive", args=[dossier.pk]))
    archive = zipfile.ZipFile(io.BytesIO(contenu(response)))
    (document,) = [n for n in archive.namelist() if n.startswith("documents/")]
    assert document.endswith("-plan.pdf") and archive.read(document) == plan
    resume = archive.read("dossier.csv").decode("utf-8-sig")
    rows = verifier_csv(resume, attendus=[charge(0), charge(1), charge(4), charge(6)])
    assert ["Coût HT", "20000.00"] in rows
    assert [f"Dépense : {charge(5)}", "20000.00"] in rows  # not at the start: unchanged
    journal = archive.read("journal.csv").decode("utf-8-sig")
    rows = verifier_csv(journal, attendus=[f"{charge(2)} Agent"])
    assert any(f"Délibération n° {charge(0, ' CP')}" in c for r in rows for c in r)


def test_scdl_public_file_and_command(client, piege, tmp_path):
    attendus = [charge(3), charge(0), charge(4), charge(0, " CP")]
    text = contenu(client.get(reverse("aides:scdl"))).decode()
    rows = verifier_csv(text, attendus=attendus, separateur=",")
    assert rows[1][2] == "2026-06-26" and rows[1][8] == "8000.00"
    sortie = tmp_path / "scdl.csv"
    call_command("aides_export_scdl", sortie=str(sortie), stderr=StringIO())
    assert verifier_csv(sortie.read_text(), attendus=attendus, separateur=",") == rows
    # A 255-character title stays within the schema's limit once neutralised.
    Dossier.objects.filter(statut="attribue").update(intitule=charge(4).ljust(255, "x"))
    rows = verifier_csv(contenu(client.get(reverse("aides:scdl"))).decode(), attendus=[],
                        separateur=",")  # fmt: skip
    assert rows[1][7] == "'" + charge(4).ljust(254, "x")
