"""The Gers (seeds 000 to 002): its mission, its buyers, its companies, its workshops.

The rules of its schemes (DDR, F2D, sectoral aids) are built by
`territoires.aides.configuration.configuration_gers`; what they cite is in `docs/demo.md`.
"""

from .profil import Hypothese, Profil

SEED_000 = "000 (Département du Gers, « Ingénierie des territoires »)"
SEED_001 = "001 (Gers, « L'ingénierie territoriale : un soutien précieux »)"

PROFIL = Profil(
    code="32",
    nom="Gers",
    aides="gers",
    exemples=(("32013", "Auch"), ("32208", "Lectoure")),
    ateliers=(
        (
            "Commande publique : lancement du réseau",
            "Réseau de la commande publique",
            "2024-10-15",
            "Auch",
        ),
        (
            "Clauses sociales et environnementales",
            "Réseau de la commande publique",
            "2025-03-20",
            "Auch",
        ),
    ),  # fmt: skip
    communes_demo=("32208", "32013"),  # Lectoure, Auch
    epci_demo="tenareze",
    telephone_mission="05 62 67 31 50",
    acheteurs=(
        ("Secrétariat général pour les affaires régionales", "etat"),
        ("Direction régionale de l'environnement (DREAL)", "etat"),
        ("Direction interdépartementale des routes Sud-Ouest", "etat"),
        ("Région Occitanie", "region"),
        ("Gers numérique", "autre"),
        ("Centre hospitalier du Gers", "sante"),
        ("Office public de l'habitat du Gers", "bailleur"),
    ),
    societes=(
        "Gascogne Bâtiment",
        "Armagnac TP",
        "Lomagne Électricité",
        "Astarac Charpentes",
        "Ténarèze Peinture",
        "Auch Plomberie",
        "Bastides Menuiserie",
        "Save Travaux publics",
        "Adour Réseaux",
        "Midi Fibre",
        "Pyrénées Espaces verts",
        "Occitanie Couverture",
        "Garonne Génie civil",
        "Arrats Maçonnerie",
        "Baïse Isolation",
        "Gimone Terrassement",
        "Osse Rénovation",
        "Douze Carrelage",
        "Gers Intérim insertion",
        "Atelier chantier Gascon",
    ),  # fmt: skip
    employeurs_insertion={"Gers Intérim insertion": "ETTI", "Atelier chantier Gascon": "ACI"},
    annuaire={
        "Gers Intérim insertion": "Mise à disposition de personnel : bâtiment, travaux publics, "
        "espaces verts",
        "Atelier chantier Gascon": "Second œuvre, peinture, petite maçonnerie, entretien "
        "d'espaces naturels",
        "Gascogne Bâtiment": "Gros œuvre, maçonnerie, réhabilitation",
        "Ténarèze Peinture": "Peinture, revêtements de sols et de murs",
        "Pyrénées Espaces verts": "Création et entretien d'espaces verts, élagage",
        "Lomagne Électricité": "Électricité, courants faibles, éclairage public",
    },
    agence=False,
    centre=(43.646, 0.586),
    hypotheses=(
        Hypothese(
            "DDR : un dossier par an et par commune, 12 000 € de subvention au plus",
            "1 dossier par an ; 12 000 €",
            SEED_000,
            "dans la limite d'un dossier/an/commune et de 12 000€ de subvention départementale",
        ),
        Hypothese(
            "DDR : deux programmations par an",
            "juin (avant le 1er avril), octobre (avant le 1er août)",
            SEED_000,
            "fin juin (dossiers reçus avant le 1er avril) et fin octobre (dossiers reçus avant "
            "le 1er août)",
        ),
        Hypothese(
            "F2D : contrats triennaux avec les intercommunalités",
            "2018-2020, enveloppe totale de 6 M€",
            SEED_000,
            "Les contrats actuels sont conclus pour la période 2018-2020, pour une enveloppe "
            "totale de 6 millions d'euros",
        ),
        Hypothese(
            "Téléphone de la Mission Ingénierie des Territoires",
            "05 62 67 31 50",
            SEED_000,
            "vous pouvez contacter la Mission Ingénierie des Territoires : 05.62.67.31.50",
        ),
        Hypothese(
            "Ateliers du réseau « Commande publique »",
            "lancement en octobre, à Auch",
            SEED_001,
            "Un premier atelier, qui s'est tenu en octobre dernier, a marqué le lancement "
            "officiel de ce réseau",
        ),
        Hypothese("DDR : taux maximal", "50 % du coût HT"),
        Hypothese("DDR : enveloppe annuelle", "900 000 €"),
        Hypothese("F2D et aides sectorielles : taux maximal", "40 % et 30 % du coût HT"),
        Hypothese("Acheteurs, entreprises et participants des clauses sociales", "générés"),
        Hypothese("Modèle d'agence (adhésions, prestations payantes)", "désactivé"),
    ),
)
