"""Demo data of the clauses module: several years of generated marchés, companies and
participants across the buyers of the Département's profile (`territoires demo charger`):
buyers, companies, insertion employers and directory entries are `territoires.instances` data.

The rows go through the same checked import as the facilitator's workbooks
(`services.imports_application.import_apply`), so a second run creates nothing. Figures
are drawn from a seeded random generator: they are believable, never the seeds' figures.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from territoires.instances import profil_du_departement
from territoires.referentiel.models import Commune, Epci

from .imports.donnees import Donnees
from .models import (
    ConfigurationClauses,
    ConventionAccompagnement,
    DonneurOrdre,
    Entreprise,
    Marche,
    Reunion,
    criteres_assurer,
)
from .services.imports_application import import_apply

GRAINE = 32
OBJET_CONVENTION = "Accompagnement à la mise en œuvre des clauses sociales (démonstration)"
ANNEES = 4

OBJETS = [
    "Réhabilitation de l'école",
    "Construction d'une salle polyvalente",
    "Aménagement du centre-bourg",
    "Réfection de la voirie communale",
    "Déploiement de la fibre optique",
    "Rénovation énergétique de logements",
    "Extension de la station d'épuration",
    "Construction d'une crèche",
    "Restructuration du pôle de santé",
    "Entretien des espaces verts",
    "Déviation routière",
]
#: Demo marchés with environmental considerations (seed 003: « clauses sociales et
#: environnementales »), by the words of their object: a clause, or a criterion.
OBJETS_CLAUSE_ENVIRONNEMENTALE = ("énergétique", "espaces verts", "station d'épuration")
OBJETS_CRITERE_ENVIRONNEMENTAL = ("Construction",)
LOTS = ["Gros œuvre", "Charpente", "Électricité", "Plomberie", "Peinture", "VRD", "Menuiseries"]
TYPES_CONTRAT = [
    ("CDD_LONG", 18), ("CDI", 12), ("CTT", 10), ("APPRENTISSAGE", 10), ("INTERIM", 20),
    ("ETTI", 15), ("SIAE", 8), ("PROFESSIONNALISATION", 5), ("CUI", 2),
]  # fmt: skip
CRITERES = [
    ("DELD", 30), ("SENIOR", 10), ("QPV", 8), ("MINIMA", 25), ("JEUNE", 35), ("TH", 6),
    ("PASS_IAE", 20), ("AUTRE", 4),
]  # fmt: skip


def _siret(siren_base: str, etablissement: int = 1) -> str:
    siren = siren_base if len(siren_base) == 9 else siren_base + luhn.calc_check_digit(siren_base)
    base = f"{siren}{etablissement:04d}"
    return base + luhn.calc_check_digit(base)


def _pondere(rng: random.Random, choix: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choix], weights=[w for _, w in choix])[0]


def _mois(debut: datetime.date, fin: datetime.date):
    courant = datetime.date(debut.year, debut.month, 1)
    while courant <= fin:
        yield courant
        courant = datetime.date(courant.year + courant.month // 12, courant.month % 12 + 1, 1)


def generer(
    *, departement_code: str, organisations: dict | None = None, aujourd_hui=None
) -> Donnees:
    """The demo rows, as the import's checked data.

    One seeded generator draws everything, in this order (changing the order changes the
    demo): buyers, companies, marchés and lots, participants, then contracts and hours.
    """
    rng = random.Random(GRAINE)  # noqa: S311 (reproducible demo data)
    aujourd_hui = aujourd_hui or timezone.localdate()
    organisations = organisations or {}
    communes = list(
        Commune.objects.filter(
            departement__code=departement_code, type=Commune.Type.ACTUELLE, obsolete=False
        )
        .order_by("-population", "code")
        .values_list("code", flat=True)[:120]
    )
    autres = list(
        Commune.objects.filter(type=Commune.Type.ACTUELLE, obsolete=False)
        .exclude(departement__code=departement_code)
        .order_by("-population", "code")
        .values_list("code", flat=True)[:20]
    )
    donnees = Donnees()
    profil = profil_du_departement(departement_code)
    acheteurs = _acheteurs(profil, organisations, communes)
    for siret, nom, categorie in acheteurs:
        donnees.donneurs[siret] = {"nom": nom, "categorie": categorie}
    entreprises = _entreprises(rng, donnees, profil, organisations, communes, autres)
    lots = _marches_et_lots(rng, donnees, acheteurs, communes, aujourd_hui)
    participants = _participants(rng, donnees, communes, autres, aujourd_hui)
    derniere = datetime.date(aujourd_hui.year, aujourd_hui.month, 1) - datetime.timedelta(days=1)
    _contrats_et_heures(rng, donnees, participants, lots, entreprises, derniere)
    return donnees


def _acheteurs(profil, organisations: dict, communes: list[str]) -> list[tuple]:
    """(SIRET, name, category) of the demo buyers: the profile's, the Département, its EPCIs
    and its three largest communes."""
    acheteurs = [
        (_siret(f"1{i:07d}"), nom, categorie)
        for i, (nom, categorie) in enumerate(profil.acheteurs, 1)
    ]
    if "departement" in organisations:
        dep = organisations["departement"]
        base = f"22{profil.code}0001" if profil.code.isdigit() else "22000001"
        siret = _siret(dep.siren) if len(dep.siren or "") == 9 else _siret(base[:8])
        acheteurs.append((siret, dep.nom, "departement"))
    epcis = list(Epci.objects.filter(departements__code=profil.code).order_by("nom")[:5])
    if "epci" in organisations and organisations["epci"].epci not in epcis:
        epcis.append(organisations["epci"].epci)
    for epci in epcis:
        acheteurs.append((_siret(epci.siren), epci.nom, "epci"))
    for code in communes[:3]:
        commune = Commune.objects.get(code=code, type=Commune.Type.ACTUELLE)
        if len(commune.siren) == 9:
            de = "d'" if commune.nom[:1] in "AEIOUYÂÉÈÊÎÔ" else "de "
            acheteurs.append((_siret(commune.siren), f"Commune {de}{commune.nom}", "commune"))
    return acheteurs


def _entreprises(rng, donnees: Donnees, profil, organisations, communes, autres) -> list[str]:
    """The demo companies (SIRET list); a quarter of them outside the Département."""
    entreprises = []
    for i, nom in enumerate(profil.societes, 1):
        siret = _siret(f"7{i:07d}")
        commune = rng.choice(autres) if autres and rng.random() < 0.25 else rng.choice(communes)
        effectif = rng.choice([3, 4, 8, 12, 15, 18, 25, 40, 60, 120, 250])
        donnees.entreprises[siret] = {"nom": nom, "effectif": effectif, "commune": commune}
        if nom in profil.employeurs_insertion:
            donnees.entreprises_siae[siret] = profil.employeurs_insertion[nom]
        entreprises.append(siret)
    if "entreprise" in organisations:
        societe = organisations["entreprise"]
        donnees.entreprises[societe.siret] = {
            "nom": societe.nom,
            "effectif": 14,
            "commune": communes[0],
        }
        entreprises.append(societe.siret)
    return entreprises


def _marches_et_lots(rng, donnees: Donnees, acheteurs, communes, aujourd_hui) -> list[tuple]:
    """9 to 14 marchés a year, 1 to 4 lots each; returns (lot key, notification, hours)."""
    lots = []
    for annee in range(aujourd_hui.year - ANNEES, aujourd_hui.year + 1):
        for n in range(rng.randint(9, 14)):
            siret, _, _ = rng.choice(acheteurs)
            date = datetime.date(annee, rng.randint(1, 12), rng.randint(1, 28))
            if date > aujourd_hui:
                continue
            reference = f"{annee}-{n + 1:03d}"
            objet = f"{rng.choice(OBJETS)} ({rng.choice(communes)})"
            donnees.marches[(siret, reference)] = {
                "objet": objet,
                "date_notification": date,
                "operation": objet,
            }
            for numero in range(1, rng.randint(1, 4) + 1):
                heures = Decimal(rng.choice([280, 420, 700, 1050, 1400, 2100, 3500, 7500]))
                donnees.lots[(siret, reference, str(numero))] = {
                    "type_clause": rng.choices(
                        ["execution", "attribution", "reserve", "insertion"], [85, 8, 4, 3]
                    )[0],
                    "heures": heures,
                }
                lots.append(((siret, reference, str(numero)), date, heures))
    return lots


def _criteres_tires(rng, age: int) -> set[str]:
    """Drawn criteria; age criteria follow the age (no senior of 19)."""
    codes = {_pondere(rng, CRITERES) for _ in range(rng.randint(1, 3))}
    codes -= {"JEUNE"} if age >= 26 else set()
    codes -= {"SENIOR"} if age <= 50 else set()
    if not codes:
        codes.add("DELD")
    if age < 26:
        codes.add("JEUNE")
    if age > 50:
        codes.add("SENIOR")
    return codes


def _participants(rng, donnees: Donnees, communes, autres, aujourd_hui) -> list[str]:
    """70 participants a year of demo, a fifth of them living outside the Département."""
    participants = []
    for i in range(ANNEES * 70):
        ident = f"DEMO-{i + 1:04d}"
        age = rng.choice([19, 22, 24, 25, 30, 35, 42, 48, 52, 57])
        codes = _criteres_tires(rng, age)
        commune = rng.choice(autres) if autres and rng.random() < 0.2 else rng.choice(communes)
        donnees.participants[ident] = {
            "sexe": "F" if rng.random() < 0.08 else "M",
            "annee_naissance": aujourd_hui.year - age,
            "commune": commune,
            "criteres": tuple(sorted(codes)),
        }
        participants.append(ident)
    return participants


def _contrats_et_heures(rng, donnees: Donnees, participants, lots, entreprises, derniere) -> None:
    """One contract per participant on a lot, and its hours month by month until last month."""
    for ident in participants:
        lot_key, date_lot, _ = rng.choice(lots)
        siret = rng.choice(entreprises)
        debut = date_lot + datetime.timedelta(days=rng.randint(15, 120))
        if debut > derniere:
            continue
        fin = debut + datetime.timedelta(days=rng.randint(30, 330))
        type_contrat = _pondere(rng, TYPES_CONTRAT)
        cle_contrat = (ident, siret, type_contrat, debut)
        donnees.contrats[cle_contrat] = {"fin": fin, "lots": {lot_key}}
        # Roles from their own generator: the main sequence (and so existing demo rows) stays.
        tirage = random.Random(f"{GRAINE}{lot_key}{siret}").random()  # noqa: S311
        role = "sous_traitant" if tirage < 0.2 else ("cotraitant" if tirage < 0.3 else None)
        if role and donnees.roles.get((lot_key, siret), role) == role:
            donnees.roles[(lot_key, siret)] = role
        for mois in _mois(debut, min(fin, derniere)):
            heures = Decimal(rng.choice([35, 70, 105, 120, 140, 151.67])).quantize(Decimal("0.01"))
            donnees.heures[(cle_contrat, lot_key, mois)] = heures


@transaction.atomic
def charger(*, organisations: dict, stdout) -> None:
    departement = settings.TERRITOIRES_DEPARTEMENT
    ConfigurationClauses.courante()
    criteres_assurer()
    deja = ConventionAccompagnement.objects.filter(objet=OBJET_CONVENTION).exists()
    donnees = generer(departement_code=departement, organisations=organisations)
    resultat = import_apply(donnees=donnees)
    # Accounts: the demo Département, EPCI and communes see their own marchés (when they are
    # among the buyers), the demo company its lots.
    for key in ("departement", "epci", "commune", "commune2"):
        organisation = organisations.get(key)
        if organisation is None:
            continue
        nom = organisation.nom
        DonneurOrdre.objects.filter(nom=nom, organisation__isnull=True).update(
            organisation=organisation
        )
    if "entreprise" in organisations:
        Entreprise.objects.filter(
            siret=organisations["entreprise"].siret, organisation__isnull=True
        ).update(organisation=organisations["entreprise"])
    for mot in OBJETS_CLAUSE_ENVIRONNEMENTALE:
        Marche.objects.filter(objet__icontains=mot).update(clause_environnementale=True)
    for mot in OBJETS_CRITERE_ENVIRONNEMENTAL:
        Marche.objects.filter(objet__icontains=mot).update(critere_environnemental=True)
    for nom, activites in profil_du_departement(departement).annuaire.items():
        Entreprise.objects.filter(nom=nom, activites="").update(
            activites=activites, dans_annuaire=True
        )
    if not deja:
        _activite(stdout=stdout)
    _demandes_accompagnement()
    creees = sum(resultat.crees.values())
    stdout.write(f"Clauses sociales : {creees} ligne(s) de démonstration créée(s).")


def _activite(*, stdout) -> None:
    """Steps, durations, site meetings and support agreements (first run only)."""
    rng = random.Random(GRAINE + 1)  # noqa: S311
    aujourd_hui = timezone.localdate()
    for marche in Marche.objects.order_by("pk"):
        age = (aujourd_hui - marche.date_notification).days if marche.date_notification else 0
        duree = rng.choice([6, 9, 12, 18, 24])
        if age > duree * 31:
            statut = Marche.Statut.BILAN
        elif age > 60:
            statut = Marche.Statut.EXECUTION
        else:
            statut = rng.choice(
                [Marche.Statut.CALIBRAGE, Marche.Statut.REDACTION, Marche.Statut.CONSEIL]
            )
        # Demo history: the steps are set directly (no journal line for invented events).
        Marche.objects.filter(pk=marche.pk).update(statut=statut, duree_mois=duree)
        for _ in range(rng.randint(0, 2)):
            jour = marche.date_notification + datetime.timedelta(days=rng.randint(10, 200))
            if jour <= aujourd_hui:
                Reunion.objects.create(
                    marche=marche,
                    type=rng.choice(["reunion_chantier", "reunion_chantier", "visite"]),
                    date=jour,
                    compte_rendu="Point sur les recrutements et les heures réalisées.",
                )
    for donneur in DonneurOrdre.objects.order_by("pk")[:8]:
        ConventionAccompagnement.objects.create(
            donneur_ordre=donneur,
            objet=OBJET_CONVENTION,
            date_signature=datetime.date(
                aujourd_hui.year - rng.randint(0, ANNEES), rng.randint(1, 12), rng.randint(1, 28)
            ),
        )


# --- Requests for support received by the facilitator (seed 004; added by p16-clauses) ---

PRECISION_DEMANDE_DEMO = "Demande de démonstration."


def _demandes_accompagnement() -> None:
    """A few requests a year, more each year (seed 004: « les demandes augmentent »), with
    their outcome; created once (marked by their precision)."""
    from .models import DemandeAccompagnement

    if DemandeAccompagnement.objects.filter(suite_precisions=PRECISION_DEMANDE_DEMO).exists():
        return
    rng = random.Random(GRAINE + 2)  # noqa: S311
    aujourd_hui = timezone.localdate()
    donneurs = list(DonneurOrdre.objects.order_by("pk")[:12])
    natures, suites = DemandeAccompagnement.Nature.values, DemandeAccompagnement.Suite.values
    for ecart in range(ANNEES, -1, -1):
        annee = aujourd_hui.year - ecart
        for _ in range(3 + 2 * (ANNEES - ecart)):
            jour = datetime.date(annee, rng.randint(1, 12), rng.randint(1, 28))
            if jour > aujourd_hui or not donneurs:
                continue
            nature = rng.choice(natures)
            DemandeAccompagnement.objects.create(
                donneur_ordre=rng.choice(donneurs),
                date_reception=jour,
                nature=nature,
                objet=DemandeAccompagnement.Nature(nature).label,
                suite=rng.choice(suites[1:]) if ecart else rng.choice(suites),
                suite_precisions=PRECISION_DEMANDE_DEMO,
            )
