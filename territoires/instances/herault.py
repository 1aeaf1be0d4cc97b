"""The Hérault (seed 003): the GUIDAF, support up to 80 % for rural communes, a budget of
40 M€ in 2021, the Hérault Ingénierie agency (members, paid services), responsible purchasing.

What comes from the seed and what is an assumption is listed in `HYPOTHESES` (and in
`docs/demo.md`); the aid configuration reads `parametres_aides`.
"""

from .profil import Hypothese, Profil

SEED = "003 (Département de l'Hérault, Salon des maires 2021)"

PARAMETRES_AIDES = {
    # « le GUIDAF, guichet unique d'instruction des demandes d'aides financières »
    "guichet": "GUIDAF",
    "guichet_nom": "guichet unique d'instruction des demandes d'aides financières",
    # « Son soutien va jusqu'à 80% du financement des projets des communes rurales »: a cap
    # of the rate for rural communes, never for the others.
    "taux_rural_max": 0.8,
    # Rural: the seed does not define it. Assumption: fewer than 2 000 inhabitants (INSEE's
    # former threshold of an urban unit); an administrator may give a list instead.
    "ruralite": {"population_max": 2000},
    # « Budget 2021 : 40 M€ »; the other years repeat it (assumption).
    "enveloppes": {2021: 40_000_000},
    "enveloppe_par_defaut": 40_000_000,
    # Three programming sessions a year (assumption): (name, deadline, commission) as
    # (month, day) pairs.
    "sessions": (
        ("Commission permanente de mars", (1, 15), (3, 20)),
        ("Commission permanente de juillet", (5, 15), (7, 10)),
        ("Commission permanente de novembre", (9, 15), (11, 20)),
    ),
}

PROFIL = Profil(
    code="34",
    nom="Hérault",
    aides="herault",
    exemples=(("34142", "Lodève"), ("34114", "Gignac")),
    ateliers=(
        (
            "Achats publics responsables : clauses sociales et environnementales",
            "Achats publics responsables",
            "2025-03-18",
            "Montpellier",
        ),
        (
            "Salon des maires, des élus locaux et des décideurs publics de l'Hérault",
            "Rencontres avec les communes",
            "2025-10-03",
            "Béziers",
        ),
    ),  # fmt: skip
    # Saint-Guilhem-le-Désert (rural) and Gignac (not rural), both in the CC Vallée de
    # l'Hérault: the same secretary sees both rules.
    communes_demo=("34261", "34114"),
    telephone_mission="",
    noms_services={
        "mit": "Hérault Ingénierie (agence technique départementale)",
        "aides": "GUIDAF — guichet unique des aides financières",
    },
    acheteurs=(
        ("Secrétariat général pour les affaires régionales", "etat"),
        ("Direction interdépartementale des routes Méditerranée", "etat"),
        ("Région Occitanie", "region"),
        ("Hérault Énergies", "autre"),
        ("Hérault THD", "autre"),
        ("Hérault Logement", "bailleur"),
        ("Service départemental d'incendie et de secours de l'Hérault", "autre"),
        ("Centre hospitalier universitaire de Montpellier", "sante"),
    ),
    societes=(
        "Garrigues Bâtiment",
        "Orb Travaux publics",
        "Lez Électricité",
        "Thau Charpentes",
        "Pézenas Peinture",
        "Béziers Plomberie",
        "Lodévois Menuiserie",
        "Vidourle Réseaux",
        "Salagou Génie civil",
        "Méditerranée Fibre",
        "Cévennes Espaces verts",
        "Minervois Maçonnerie",
        "Larzac Terrassement",
        "Clermontais Rénovation",
        "Étang de Thau Carrelage",
        "Hérault Couverture",
        "Hérault Intérim insertion",
        "Atelier chantier des Garrigues",
    ),  # fmt: skip
    employeurs_insertion={
        "Hérault Intérim insertion": "ETTI",
        "Atelier chantier des Garrigues": "ACI",
    },
    annuaire={
        "Hérault Intérim insertion": "Mise à disposition de personnel : bâtiment, travaux "
        "publics, espaces verts",
        "Atelier chantier des Garrigues": "Restauration de murets en pierre sèche, entretien "
        "d'espaces naturels",
        "Garrigues Bâtiment": "Gros œuvre, maçonnerie, réhabilitation",
        "Pézenas Peinture": "Peinture, revêtements de sols et de murs",
        "Cévennes Espaces verts": "Création et entretien d'espaces verts, élagage",
        "Lez Électricité": "Électricité, courants faibles, éclairage public",
    },
    agence=True,
    centre=(43.58, 3.37),
    parametres_aides=PARAMETRES_AIDES,
    hypotheses=(
        Hypothese(
            "GUIDAF : le guichet unique des demandes d'aides financières",
            "un guichet, nommé GUIDAF",
            SEED,
            "le GUIDAF, guichet unique d'instruction des demandes d'aides financières qui "
            "permet de simplifier les demandes des communes",
        ),
        Hypothese(
            "Taux maximal pour une commune rurale",
            "80 % du coût HT",
            SEED,
            "Son soutien va jusqu'à 80% du financement des projets des communes rurales",
        ),
        Hypothese(
            "Taux moyen (chiffre mesuré au tableau de bord, jamais un plafond)",
            "40 % en moyenne",
            SEED,
            "et s'élève à 40% en moyenne",
        ),
        Hypothese("Enveloppe 2021", "40 M€", SEED, "Budget 2021 : 40 M€"),
        Hypothese(
            "Hérault Ingénierie : adhésion annuelle et prestations payantes",
            "modèle d'agence activé",
            SEED,
            "une adhésion annuelle ouvre droit à […] des services de niveau avancé "
            "d'assistance à maîtrise d'ouvrage, avec un paiement à la prestation",
        ),
        Hypothese(
            "Acheteurs suivis (Hérault Logement, Hérault Énergies, Hérault THD, SDIS)",
            "partenaires du Département",
            SEED,
            "Hérault THD, […] Hérault Energies, Hérault Logement et SDIS",
        ),
        Hypothese("Définition d'une commune rurale", "moins de 2 000 habitants"),
        Hypothese("Enveloppe des années autres que 2021", "40 M€ (reprise de 2021)"),
        Hypothese("Sessions de programmation", "mars, juillet et novembre"),
        Hypothese(
            "Barème d'adhésion et prix des prestations", "150 €, 400 €, 900 € ; 320 € à 3 500 €"
        ),
        Hypothese("Téléphone de l'agence", "aucun (le seed n'en donne pas)"),
        Hypothese("Lieux des ateliers", "Montpellier, Béziers"),
    ),
)
