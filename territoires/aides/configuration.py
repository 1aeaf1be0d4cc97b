"""Configuration rows of the schemes of each Département: the Gers (seed 000), the Hérault
(seed 003, its figures in `territoires.instances.herault`), a neutral one for the others.

These are *data*: the demo loader and the tests create them; an administrator edits them in
the admin. Nothing here is read by the rules engine other than through the database.
"""

import datetime
from decimal import Decimal

from territoires.comptes.models import Organisation
from territoires.instances import gers, herault

from .formats import pct
from .models import (
    ContratF2D,
    Dispositif,
    Enveloppe,
    ModeleSession,
    OperationContrat,
    ParametreDispositif,
    TypePiece,
)
from .services.calendrier import sessions_generate

Cle = ParametreDispositif.Cle

#: The `source` of a parameter the seeds do not state: the admin shows it as such.
HYPOTHESE = "Hypothèse de démonstration (docs/demo.md)"

SERVICES_SECTORIELS = {
    "patrimoine": "Conservation départementale du patrimoine",
    "eau": "Service de l'eau",
    "routes": "Direction Déplacements Infrastructures",
    "bibliotheques": "Médiathèque départementale",
}

SECTORIELLES = [
    (
        "patrimoine-protege",
        "Aide au patrimoine protégé (monuments historiques)",
        "patrimoine",
        "Restauration des monuments historiques classés ou inscrits appartenant aux communes.",
        ["commune", "epci"],
    ),
    (
        "eau-assainissement",
        "Aides en matière d'assainissement et d'eau",
        "eau",
        "Travaux d'eau potable et d'assainissement des collectivités.",
        ["commune", "epci", "organisme_public"],
    ),
    (
        "routes-agglomeration",
        "Aménagements sur routes départementales en agglomération",
        "routes",
        "Travaux d'aménagement des traversées d'agglomération sur routes départementales.",
        ["commune"],
    ),
    (
        "mobilier-bibliotheques",
        "Mobilier des bibliothèques",
        "bibliotheques",
        "Acquisition de mobilier pour les bibliothèques municipales et intercommunales.",
        ["commune", "epci"],
    ),
]


def _param(dispositif, cle, valeur, du, source=""):
    ParametreDispositif.objects.get_or_create(
        dispositif=dispositif,
        cle=cle,
        valide_du=du,
        defaults={"valeur": valeur, "source": source},
    )


def _modele(dispositif, libelle, limite, commission, source="") -> None:
    """A yearly session pattern: (day, month) of the cut-off and of the commission."""
    ModeleSession.objects.get_or_create(
        dispositif=dispositif,
        libelle=libelle,
        defaults={
            "jour_limite": limite[0],
            "mois_limite": limite[1],
            "jour_commission": commission[0],
            "mois_commission": commission[1],
            "source": source,
        },
    )


def sessions_ddr(dispositif: Dispositif, annee: int) -> None:
    """Seed 000: end of June for dossiers complete before 1 April, end of October before
    1 August (the yearly pattern; the sessions of `annee` generated from it)."""
    source = "Seed 000 : « fin juin (dossiers reçus avant le 1er avril) et fin octobre »"
    _modele(dispositif, "Commission permanente de juin", (1, 4), (26, 6), source)
    _modele(dispositif, "Commission permanente d'octobre", (1, 8), (30, 10), source)
    sessions_generate(depuis=annee, jusqu_a=annee, dispositif=dispositif)


def configuration_gers(
    *, departement: Organisation, service_aides: Organisation, annees=range(2018, 2028)
) -> dict[str, Dispositif]:
    telephone = gers.PROFIL.telephone_mission
    debut = datetime.date(annees[0], 1, 1)
    ddr, _ = Dispositif.objects.get_or_create(
        code="ddr",
        defaults={
            "nom": "Dotation départementale rurale (DDR)",
            "description": (
                "Subventions aux micro-projets portés par une commune qui améliorent le cadre "
                "de vie communal."
            ),
            "beneficiaires": ["commune"],
            "service": service_aides,
            "pieces_a_fournir": (
                "Délibération du conseil municipal\nDevis ou estimation détaillée\n"
                "Plan de financement\nCalendrier prévisionnel"
            ),
            "depenses_eligibles": "Travaux et équipements d'investissement, hors taxes.",
            "contact": f"Mission Ingénierie des Territoires — {telephone}",
        },
    )
    _param(ddr, Cle.MONTANT_MAX, 12000, debut, "Seed 000 : « 12 000€ de subvention »")
    # « Un dossier/an/commune »: per programming year (the year of the session).
    _param(
        ddr, Cle.LIMITE_DOSSIERS, {"nombre": 1, "periode": "programmation"}, debut,
        "Seed 000 : « un dossier/an/commune »",
    )  # fmt: skip
    _param(ddr, Cle.TAUX_MAX, 0.5, debut, HYPOTHESE)
    _param(ddr, Cle.AUTOFINANCEMENT_MIN, 20, debut, "CGCT L1111-10")
    _param(ddr, Cle.CADUCITE_DEBUT_MOIS, 24, debut)
    _param(ddr, Cle.CADUCITE_FIN_MOIS, 48, debut)
    _param(ddr, Cle.AVANCE_MAX_PCT, 30, debut)
    sessions_ddr(ddr, annees[0])
    sessions_generate(depuis=annees[0], jusqu_a=annees[-1], dispositif=ddr)
    for annee in annees:
        Enveloppe.objects.get_or_create(
            dispositif=ddr, annee=annee, defaults={"montant": Decimal("900000")}
        )

    f2d, _ = Dispositif.objects.get_or_create(
        code="f2d",
        defaults={
            "nom": "Fonds départemental de développement (F2D)",
            "description": (
                "Contrats avec les communautés de communes et d'agglomération pour les projets "
                "de dimension supra-communale inscrits au contrat."
            ),
            "beneficiaires": ["epci", "commune"],
            "service": service_aides,
            "par_contrat": True,
            "pieces_a_fournir": "Délibération\nDevis\nPlan de financement",
            "depenses_eligibles": "Investissements des opérations inscrites au contrat.",
        },
    )
    _param(f2d, Cle.TAUX_MAX, 0.4, debut, HYPOTHESE)
    _param(f2d, Cle.AUTOFINANCEMENT_MIN, 20, debut, "CGCT L1111-10")
    _param(f2d, Cle.AVANCE_MAX_PCT, 30, debut)
    # An assumption of the demo (the seed gives no F2D calendar).
    _modele(f2d, "Commission permanente F2D", (31, 1), (10, 4))
    sessions_generate(depuis=annees[0], jusqu_a=annees[-1], dispositif=f2d)

    services = {}
    for key, nom in SERVICES_SECTORIELS.items():
        services[key], _ = Organisation.objects.get_or_create(
            type=Organisation.Type.SERVICE,
            parent=departement,
            nom=nom,
            defaults={"departement_id": departement.departement_id},
        )
    result = {"ddr": ddr, "f2d": f2d}
    for code, nom, service, description, beneficiaires in SECTORIELLES:
        dispositif, _ = Dispositif.objects.get_or_create(
            code=code,
            defaults={
                "nom": nom,
                "description": description,
                "beneficiaires": beneficiaires,
                "service": services[service],
            },
        )
        _param(dispositif, Cle.TAUX_MAX, 0.3, debut, HYPOTHESE)
        _param(dispositif, Cle.AUTOFINANCEMENT_MIN, 20, debut, "CGCT L1111-10")
        # An assumption of the demo (the seed gives no sectoral calendar).
        _modele(
            dispositif, f"Commission permanente de décembre {{annee}} — {nom}", (1, 10), (11, 12)
        )
        sessions_generate(depuis=annees[0], jusqu_a=annees[-1], dispositif=dispositif)
        result[code] = dispositif
    return result


def contrats_f2d(*, f2d: Dispositif, epcis: list[Organisation], rng) -> list[ContratF2D]:
    contrats = []
    for organisation in epcis:
        for debut, fin in ((2018, 2020), (2021, 2027)):
            contrat, created = ContratF2D.objects.get_or_create(
                dispositif=f2d,
                organisation=organisation,
                annee_debut=debut,
                defaults={
                    "annee_fin": fin,
                    "enveloppe": Decimal(rng.randrange(300, 900) * 1000),
                },
            )
            if created:
                for intitule in rng.sample(OPERATIONS, 3):
                    OperationContrat.objects.create(
                        contrat=contrat,
                        intitule=intitule,
                        montant_prevu=Decimal(rng.randrange(40, 200) * 1000),
                    )
            contrats.append(contrat)
    return contrats


OPERATIONS = [
    "Voie verte intercommunale",
    "Maison de santé pluriprofessionnelle",
    "Rénovation énergétique du gymnase intercommunal",
    "Cuisine centrale (restauration scolaire bio et locale)",
    "Réseau de chaleur bois",
    "Mise en accessibilité de l'office de tourisme",
    "Pôle petite enfance",
    "Zone d'activités : requalification",
]


def _modeles_sessions(dispositif: Dispositif, motif, annees) -> None:
    """The yearly session patterns of a profile, (name, (month, day) deadline, (month, day)
    commission), and the sessions of `annees` generated from them (later years come from
    the same patterns, on demand or by `territoires aides_sessions`)."""
    for nom, (mois_limite, jour_limite), (mois, jour) in motif:
        _modele(dispositif, nom, (jour_limite, mois_limite), (jour, mois), HYPOTHESE)
    sessions_generate(depuis=annees[0], jusqu_a=annees[-1], dispositif=dispositif)


def _enveloppes(dispositif: Dispositif, parametres: dict, annees) -> None:
    for annee in annees:
        montant = parametres["enveloppes"].get(annee, parametres["enveloppe_par_defaut"])
        Enveloppe.objects.get_or_create(
            dispositif=dispositif, annee=annee, defaults={"montant": Decimal(montant)}
        )


def configuration_herault(
    *, service: Organisation, annees=range(2020, 2028), profil=None
) -> Dispositif:
    """Seed 003: the GUIDAF, up to 80 % for rural communes (a cap, rural being a setting),
    a 40 M€ budget in 2021. What the seed does not say is marked as a demo assumption."""
    parametres = (profil or herault.PROFIL).parametres_aides
    guichet = parametres["guichet"]
    dispositif, _ = Dispositif.objects.get_or_create(
        code="guidaf-amenagement",
        defaults={
            "nom": f"Aide aux projets d'aménagement des communes ({guichet})",
            "description": (
                f"Déposée au {guichet}, le {parametres['guichet_nom']} : une seule demande "
                "pour les projets d'aménagement qui améliorent le cadre de vie des habitants. "
                f"Jusqu'à {pct(parametres['taux_rural_max'])} du coût des projets des "
                "communes rurales."
            ),
            "beneficiaires": ["commune"],
            "service": service,
            "pieces_a_fournir": (
                "Délibération du conseil municipal\nDevis ou estimation détaillée\n"
                "Plan de financement"
            ),
            "depenses_eligibles": "Travaux et équipements d'investissement, hors taxes.",
        },
    )
    debut = datetime.date(annees[0], 1, 1)
    seed = "Seed 003 : « jusqu'à 80% du financement des projets des communes rurales »"
    _param(
        dispositif,
        Cle.RURALITE,
        {"taux_max": parametres["taux_rural_max"], **parametres["ruralite"]},
        debut,
        f"{seed} ; définition de « rural » : {HYPOTHESE}",
    )
    _param(dispositif, Cle.AUTOFINANCEMENT_MIN, 20, debut, "CGCT L1111-10")
    _param(dispositif, Cle.AVANCE_MAX_PCT, 30, debut, HYPOTHESE)
    _modeles_sessions(dispositif, parametres["sessions"], annees)
    _enveloppes(dispositif, parametres, annees)
    return dispositif


def configuration_neutre(*, service: Organisation, annees=range(2020, 2028)) -> Dispositif:
    """A Département without a profile: one generic scheme, every value an assumption."""
    dispositif, _ = Dispositif.objects.get_or_create(
        code="projets-communes",
        defaults={
            "nom": "Aide aux projets des communes",
            "description": (
                "Subventions aux projets d'investissement des communes "
                "(dispositif de démonstration)."
            ),
            "beneficiaires": ["commune", "epci"],
            "service": service,
            "pieces_a_fournir": "Délibération\nDevis\nPlan de financement",
        },
    )
    debut = datetime.date(annees[0], 1, 1)
    _param(dispositif, Cle.TAUX_MAX, 0.4, debut, HYPOTHESE)
    _param(dispositif, Cle.AUTOFINANCEMENT_MIN, 20, debut, "CGCT L1111-10")
    motif = (("Commission permanente de juin", (4, 1), (6, 26)),)
    parametres = {"enveloppes": {}, "enveloppe_par_defaut": 500000}
    _modeles_sessions(dispositif, motif, annees)
    _enveloppes(dispositif, parametres, annees)
    return dispositif


# Pieces asked by type (issue 14): what the regulations of the DDR and the F2D list, each
# slot with a short help. (code, label, required, help)
PIECES = {
    "ddr": [
        ("deliberation", "Délibération du conseil municipal", True,
         "Elle approuve le projet et son plan de financement et sollicite le Département."),
        ("devis", "Devis ou estimation détaillée", True,
         "Devis des entreprises ou estimation du maître d'œuvre, montants hors taxes."),
        ("plan-financement", "Plan de financement signé", True,
         "Daté et signé par le maire : dépenses HT et financements sollicités ou obtenus."),
        ("calendrier", "Calendrier prévisionnel", False,
         "Dates prévues de début et de fin des travaux."),
        ("rib", "Relevé d'identité bancaire (RIB)", False,
         "Au nom de la collectivité ; il sert au versement de la subvention."),
    ],
    "f2d": [
        ("deliberation", "Délibération de l'organe délibérant", True,
         "Elle approuve l'opération inscrite au contrat et son plan de financement."),
        ("devis", "Devis ou estimation détaillée", True,
         "Devis des entreprises ou estimation du maître d'œuvre, montants hors taxes."),
        ("plan-financement", "Plan de financement signé", True,
         "Daté et signé par l'exécutif : dépenses HT et financements sollicités ou obtenus."),
        ("attestation", "Attestation de non-commencement des travaux", False,
         "Les travaux ne doivent pas commencer avant le dépôt de la demande."),
    ],
}  # fmt: skip
# The GUIDAF (seed 003) and the neutral scheme ask what a commune's investment file holds
# everywhere (an assumption, stated as such in the help; the admin edits the slots).
_PIECES_COMMUNES = [
    ("deliberation", "Délibération du conseil municipal", True,
     "Elle approuve le projet et son plan de financement et sollicite le Département."),
    ("devis", "Devis ou estimation détaillée", True,
     "Devis des entreprises ou estimation du maître d'œuvre, montants hors taxes."),
    ("plan-financement", "Plan de financement", True,
     "Dépenses HT et financements sollicités ou obtenus, daté et signé par le maire."),
    ("rib", "Relevé d'identité bancaire (RIB)", False,
     "Au nom de la collectivité ; il sert au versement de la subvention."),
]  # fmt: skip
PIECES["guidaf-amenagement"] = _PIECES_COMMUNES
PIECES["projets-communes"] = _PIECES_COMMUNES


def pieces_declarer(dispositifs: dict[str, Dispositif]) -> None:
    """Declare the pieces by type of the instance's schemes (demo data; the admin edits them)."""
    for code, pieces in PIECES.items():
        if code not in dispositifs:
            continue
        for ordre, (piece, libelle, obligatoire, aide) in enumerate(pieces):
            TypePiece.objects.get_or_create(
                dispositif=dispositifs[code],
                code=piece,
                defaults={
                    "libelle": libelle,
                    "obligatoire": obligatoire,
                    "aide": aide,
                    "ordre": ordre,
                },
            )


def configurer(
    *, profil, departement: Organisation, service_aides: Organisation, annees
) -> dict[str, Dispositif]:
    """The schemes of the Département's profile (`profil.aides`), by code."""
    if profil.aides == "gers":
        dispositifs = configuration_gers(
            departement=departement, service_aides=service_aides, annees=annees
        )
    elif profil.aides == "herault":
        dispositif = configuration_herault(service=service_aides, annees=annees, profil=profil)
        dispositifs = {dispositif.code: dispositif}
    else:
        dispositif = configuration_neutre(service=service_aides, annees=annees)
        dispositifs = {dispositif.code: dispositif}
    pieces_declarer(dispositifs)
    return dispositifs
