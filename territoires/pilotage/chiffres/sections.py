"""The key figures laid out by module, and the yearly series drawn as bar charts (the page and
the PDF report show the same)."""

from territoires.ui.charts import bar_chart

MODULES = [
    ("ingenierie", "Ingénierie territoriale"),
    ("aides", "Aides aux communes"),
    ("clauses", "Clauses sociales d'insertion"),
    ("participation", "Budget participatif"),
    ("donnees", "Données ouvertes"),
]
#: Yearly series: (key prefix, chart title, value column heading, unit).
SERIES = [
    ("ingenierie.demandes", "Demandes d'ingénierie par année", "Demandes", ""),
    ("aides.montant_accorde", "Montants accordés par année", "Montant accordé", "€"),
    ("clauses.heures", "Heures d'insertion par année", "Heures", "h"),
]


def module_of(chiffre: dict) -> str:
    return chiffre["cle"].split(".")[0]


def par_module(chiffres: list[dict]) -> list[dict]:
    """One section per module, in the order of `MODULES`, with its figures."""
    sections = []
    for cle, titre in MODULES:
        liste = [c for c in chiffres if module_of(c) == cle]
        liens = list(dict.fromkeys(c["url_module"] for c in liste))
        sections.append({"cle": cle, "titre": titre, "chiffres": liste, "liens": liens})
    return sections


def _serie(chiffres: list[dict], prefixe: str) -> list[dict]:
    lignes = []
    for c in chiffres:
        base, _, annee = c["cle"].rpartition(".")
        if base == prefixe and annee.isdigit():
            lignes.append({"libelle": annee, "valeur": c["valeur"]})
    return lignes


def graphiques(chiffres: list[dict]) -> list[dict]:
    """The yearly series present in the figures, each as a bar chart (at least one year)."""
    sortie = []
    for prefixe, titre, entete_valeur, unite in SERIES:
        lignes = _serie(chiffres, prefixe)
        if lignes:
            sortie.append(
                {
                    "id": "graphique-" + prefixe.replace(".", "-").replace("_", "-"),
                    "titre": titre,
                    "entete_valeur": entete_valeur,
                    "graphique": bar_chart(lignes, libelle="libelle", valeur="valeur", unite=unite),
                }
            )
    return sortie
