"""Demo organisations and accounts (`territoires demo charger`), one account per role.

The accounts are a constant so that the browser tests and `make run` can list them. Their
addresses use the reserved `.test` domain (RFC 2606): no e-mail can ever reach anybody.
Staff accounts get a TOTP device whose key is derived from the address, so that
`territoires demo code EMAIL` (or `demo_totp_code`) can print the current code.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum import luhn

from territoires.instances import profil_du_departement
from territoires.referentiel.departements import departement_label
from territoires.referentiel.models import Commune, Departement, Epci

from .models import ROLES_DEPARTEMENT, Membre, Organisation, Role, User

DEMO_PASSWORD = "territoires-demo"  # noqa: S105 (public demo accounts, never in production)
DEMO_DOMAIN = "territoires.test"
CITOYEN = "citoyen"

# Organisation keys → what `demo charger` creates (see `_organisations`).
SERVICES = {
    "mit": "Mission Ingénierie des Territoires",
    "aides": "Service des aides aux collectivités",
    "clauses": "Facilitation des clauses sociales",
    "finances": "Direction des finances",
    "direction": "Direction générale des services",
    "donnees": "Mission données ouvertes",
}


def _account(email, role, label, organisations, fonction="", staff=False):
    return {
        "email": f"{email}@{DEMO_DOMAIN}",
        "password": DEMO_PASSWORD,
        "role": role,
        "label": label,
        "organisations": organisations,
        "fonction": fonction,
        "is_staff": staff,
        "needs_otp": role in ROLES_DEPARTEMENT or staff,
    }


DEMO_ACCOUNTS: list[dict] = [
    _account("maire", Role.GESTIONNAIRE.value, "Maire (administrateur de la commune)",
             ["commune"], "Maire"),
    _account("secretaire", Role.AGENT.value, "Secrétaire de mairie (deux communes)",
             ["commune", "commune2"], "Secrétaire de mairie"),
    _account("agent.epci", Role.AGENT.value, "Agent de l'intercommunalité", ["epci"],
             "Chargé de mission"),
    _account("conseiller", Role.CONSEILLER.value,
             "Conseiller ingénierie (prend en charge les nouvelles demandes ; la direction trie)",
             ["mit"]),
    _account("instructeur", Role.INSTRUCTEUR.value, "Instructeur des aides", ["aides"]),
    _account("facilitateur", Role.FACILITATEUR.value, "Facilitateur des clauses sociales",
             ["clauses"]),
    _account("chef.service", Role.CHEF_SERVICE.value, "Chef du service des aides", ["aides"]),
    _account("finances", Role.FINANCES.value, "Agent des finances", ["finances"]),
    _account("direction", Role.DIRECTION.value, "Direction générale", ["direction"]),
    _account("donnees", Role.RESPONSABLE_DONNEES.value, "Responsable des données ouvertes",
             ["donnees"]),
    _account("admin", Role.ADMINISTRATEUR.value, "Administrateur de la plateforme",
             ["departement"], staff=True),
    _account("elu", Role.ELU.value,
             "Élu départemental (conseiller du canton de la commune de démonstration)",
             ["departement"],
             "Conseiller départemental"),
    _account("vp", Role.ELU.value, "Vice-président (délégation ingénierie territoriale)",
             ["departement"], "Vice-président du conseil départemental"),
    _account("citoyen", CITOYEN, "Citoyen (budget participatif)", []),
    _account("entreprise", Role.GESTIONNAIRE.value, "Entreprise (clauses sociales)",
             ["entreprise"], "Responsable"),
]  # fmt: skip

DEMO_EMAILS = frozenset(account["email"] for account in DEMO_ACCOUNTS)


def is_demo_email(email: str) -> bool:
    return email.strip().lower() in DEMO_EMAILS


def demo_account(email: str) -> dict | None:
    return next((a for a in DEMO_ACCOUNTS if a["email"] == email.strip().lower()), None)


def demo_totp_key(email: str) -> str:
    """Fixed per account (hex, 20 bytes), so the code can be computed without the database."""
    return hashlib.sha1(f"territoires-demo-totp:{email.lower()}".encode()).hexdigest()  # noqa: S324


def demo_totp_code(email: str) -> str:
    """The TOTP code the device of this demo account accepts now.

    A TOTP code is accepted only once: when the current one was already used (two logins in
    the same 30 seconds), the next time step's code is given (accepted thanks to the tolerance).
    """
    if not is_demo_email(email):
        raise ValueError(f"{email} n'est pas un compte de démonstration.")
    device = TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True).first()
    if device is None:
        raise ValueError(f"Le compte {email} n'a pas d'application d'authentification.")
    now_t = int((time.time() - device.t0) // device.step) + device.drift
    counter = max(now_t, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


# --- Loading ------------------------------------------------------------------------------------


class ReferentielMissing(Exception):
    pass


@dataclass
class DemoReport:
    created: list[str]
    organisations: dict[str, Organisation]


def _siren_departement(code: str) -> str:
    # Départements' SIRENs follow « 22 + code + 0001 + Luhn key »; only digits codes.
    if not code.isdigit() or len(code) != 2:
        return ""
    base = f"22{code}0001"
    return base + luhn.calc_check_digit(base)


def _demo_siret() -> str:
    """A valid, fictitious SIRET for the demo company (SIREN 9xxxxxxx)."""
    siren = "90001234" + luhn.calc_check_digit("90001234")
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def _pick_communes(departement: Departement) -> tuple[Commune, Commune]:
    communes = Commune.objects.actuels().filter(departement=departement, type=Commune.Type.ACTUELLE)
    preferred = profil_du_departement(departement.code).communes_demo
    chosen = [c for code in preferred for c in communes.filter(code=code)[:1]]
    for commune in communes.exclude(code__in=[c.code for c in chosen]).order_by(
        "-population", "code"
    ):
        if len(chosen) >= 2:
            break
        chosen.append(commune)
    if len(chosen) < 2:
        raise ReferentielMissing(f"Pas assez de communes importées pour le {departement}.")
    return chosen[0], chosen[1]


def _pick_epci(departement: Departement, commune: Commune) -> Epci:
    nom = profil_du_departement(departement.code).epci_demo
    if nom:
        epci = Epci.objects.actuels().filter(nom_recherche__contains=nom).first()
        if epci:
            return epci
    if commune.epci_id:
        return commune.epci
    epci = Epci.objects.actuels().filter(departements=departement).order_by("nom").first()
    if epci is None:
        raise ReferentielMissing(f"Aucun EPCI importé pour le {departement}.")
    return epci


def commune_label(nom: str) -> str:
    """« Commune de Lectoure », « Commune d'Auch »."""
    elision = nom[:1].upper() in "AEIOUYÉÈÊÀÂÎÔ"
    return f"Commune d'{nom}" if elision else f"Commune de {nom}"


def _get_or_create(model, lookup: dict, defaults: dict, created: list[str], label: str):
    obj, was_created = model.objects.get_or_create(**lookup, defaults=defaults)
    if was_created:
        created.append(label)
    return obj


def _organisations(departement: Departement, created: list[str]) -> dict[str, Organisation]:
    commune, commune2 = _pick_communes(departement)
    epci = _pick_epci(departement, commune)
    orgs: dict[str, Organisation] = {}
    siren = _siren_departement(departement.code)
    noms = {**SERVICES, **profil_du_departement(departement.code).noms_services}
    orgs["departement"] = _get_or_create(
        Organisation,
        {"type": Organisation.Type.DEPARTEMENT, "departement": departement, "parent": None},
        {"nom": departement_label(departement.code), "siren": siren},
        created,
        "organisation Département",
    )
    for key, nom in noms.items():
        orgs[key] = _get_or_create(
            Organisation,
            {"type": Organisation.Type.SERVICE, "parent": orgs["departement"], "nom": nom},
            {"departement": departement},
            created,
            f"service {nom}",
        )
    for key, c in (("commune", commune), ("commune2", commune2)):
        orgs[key] = _get_or_create(
            Organisation,
            {"type": Organisation.Type.COMMUNE, "commune": c},
            {"nom": commune_label(c.nom), "siren": c.siren if len(c.siren) == 9 else ""},
            created,
            f"commune {c.nom}",
        )
    orgs["epci"] = _get_or_create(
        Organisation,
        {"type": Organisation.Type.EPCI, "epci": epci},
        {"nom": epci.nom, "siren": epci.siren},
        created,
        f"EPCI {epci.nom}",
    )
    siret = _demo_siret()
    orgs["entreprise"] = _get_or_create(
        Organisation,
        {"siret": siret},
        {
            "nom": "Bâtisseurs solidaires (entreprise de démonstration)",
            "type": Organisation.Type.ENTREPRISE,
            "siren": siret[:9],
        },
        created,
        "entreprise de démonstration",
    )
    return orgs


def _user(account: dict, created: list[str]) -> User:
    local = account["email"].split("@")[0]
    user = User.objects.filter(email__iexact=account["email"]).first()
    if user is None:
        user = User.objects.create_user(
            account["email"],
            account["password"],
            first_name=local.split(".")[0].capitalize(),
            last_name="Démo",
            is_staff=account["is_staff"],
            is_superuser=account["is_staff"],
        )
        created.append(f"compte {account['email']}")
    if account["needs_otp"] and not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(
            user=user, name="Démonstration", key=demo_totp_key(user.email), confirmed=True
        )
        created.append(f"second facteur de {account['email']}")
    return user


@transaction.atomic
def demo_load(*, departement_code: str | None = None) -> DemoReport:
    """Create what is missing; never modify nor delete what exists (idempotent)."""
    code = departement_code or settings.TERRITOIRES_DEPARTEMENT
    departement = Departement.objects.filter(code=code).first()
    if departement is None or not Commune.objects.filter(departement=departement).exists():
        raise ReferentielMissing(
            f"Les territoires du département {code} ne sont pas importés. Lancez d'abord : "
            f"territoires referentiel import --departement {code}"
        )
    created: list[str] = []
    orgs = _organisations(departement, created)
    for account in DEMO_ACCOUNTS:
        user = _user(account, created)
        for key in account["organisations"]:
            organisation = orgs[key]
            _, was_created = Membre.objects.get_or_create(
                user=user,
                organisation=organisation,
                role=account["role"],
                actif=True,
                defaults={"fonction": account["fonction"]},
            )
            if was_created:
                created.append(f"{account['email']} membre de {organisation.nom}")
    return DemoReport(created=created, organisations=orgs)


def demo_accounts_table() -> list[dict]:
    """Each account with its organisations as they are in the database."""
    rows = []
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_EMAILS)}
    for account in DEMO_ACCOUNTS:
        user = users.get(account["email"])
        organisations = (
            [m.organisation.nom for m in user.membres.actifs().select_related("organisation")]
            if user
            else []
        )
        rows.append({**account, "organisation_names": organisations, "exists": user is not None})
    return rows
