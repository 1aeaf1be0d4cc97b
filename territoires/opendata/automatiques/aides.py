"""The aides module's public data: attributed subsidies (SCDL 2.1.1) and the aid schemes.

Both read `aides.selectors` only: `scdl_rows` (the rows of the existing SCDL export, attributed
dossiers alone) and `dispositifs_publics` (the published catalogue).
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from territoires.aides import selectors

from .base import JeuAutomatique, RessourceAutomatique, colonnes

# SCDL 2.1.1 column types (the order and names are the standard's: `selectors.SCDL_COLUMNS`).
TYPES_SCDL = {
    "dateConvention": "date",
    "montant": "decimal",
    "pourcentageSubvention": "decimal",
    "notificationUE": "booleen",  # « oui » / « non » in the file
}
SCHEMA_SCDL = "scdl-subventions"


def _scdl_lignes() -> Iterator[tuple]:
    types = [TYPES_SCDL.get(nom, "texte") for nom in selectors.SCDL_COLUMNS]
    for row in selectors.scdl_rows():
        yield tuple(_typed(value, type_) for value, type_ in zip(row, types, strict=True))


def _typed(value, type_: str):
    if type_ == "decimal" and value is not None:
        return Decimal(str(value))
    if type_ == "booleen" and isinstance(value, str):
        return value == "oui"
    return value


def _subventions() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Subventions attribuées (SCDL 2.1.1)",
            description=(
                "Une ligne par subvention attribuée par le Département à une collectivité, au "
                "format du schéma national « subventions » (SCDL 2.1.1) : attribuant, date et "
                "référence de la décision, bénéficiaire, objet, montant, dispositif."
            ),
            colonnes=colonnes(
                *((nom, TYPES_SCDL.get(nom, "texte")) for nom in selectors.SCDL_COLUMNS)
            ),
            lignes=_scdl_lignes,
            schema=SCHEMA_SCDL,
            nom_fichier="subventions-scdl.csv",
        )
    ]


SUBVENTIONS = JeuAutomatique(
    code="aides.subventions",
    titre="Subventions attribuées aux collectivités",
    description=(
        "Les subventions attribuées par le Département aux communes, intercommunalités et "
        "organismes publics au titre de ses dispositifs d'aide, publiées au format SCDL "
        "« subventions » 2.1.1. Seules les aides votées figurent ; les demandes en cours "
        "d'instruction, refusées ou abandonnées n'y sont pas. Mis à jour chaque jour."
    ),
    ressources=_subventions,
    themes=("finances",),
    mots_cles="subventions, aides, SCDL, collectivités, DETR, dotation",
    frequence="quotidienne",
)

# --- Aid schemes ----------------------------------------------------------------------------

COLONNES_DISPOSITIFS = colonnes(
    ("code", "texte"),
    ("nom", "texte"),
    ("description", "texte"),
    ("beneficiaires", "texte"),
    ("service_instructeur", "texte"),
    ("ouverture_depots", "date"),
    ("cloture_depots", "date"),
    ("finance_par_contrat", "booleen"),
    ("montant_max", "decimal"),
    ("taux_max", "decimal"),
    ("cout_min", "decimal"),
    ("depenses_eligibles", "texte"),
    ("pieces_a_fournir", "texte"),
    ("contact", "texte"),
    ("page", "texte"),
)


def _nombre(valeur) -> Decimal | None:
    if isinstance(valeur, bool) or valeur is None:
        return None
    try:
        return Decimal(str(valeur))
    except (InvalidOperation, ValueError):
        return None


def _en_vigueur(parametres, jour: datetime.date) -> dict:
    """The scalar rule values in force on `jour` (the most recent start wins)."""
    valeurs: dict = {}
    for p in sorted(parametres, key=lambda p: p.valide_du, reverse=True):
        if p.valide_du <= jour and (p.valide_au is None or p.valide_au >= jour):
            valeurs.setdefault(p.cle, p.valeur)
    return valeurs


def _dispositifs_lignes() -> Iterator[tuple]:
    jour = timezone.localdate()
    base = settings.TERRITOIRES_BASE_URL.rstrip("/")
    for d in selectors.dispositifs_publics().prefetch_related("parametres").order_by("code"):
        valeurs = _en_vigueur(d.parametres.all(), jour)
        yield (
            d.code,
            d.nom,
            d.description,
            ", ".join(d.beneficiaires_display()),
            d.service.nom,
            d.date_ouverture,
            d.date_cloture,
            d.par_contrat,
            _nombre(valeurs.get("montant_max")),
            _nombre(valeurs.get("taux_max")),
            _nombre(valeurs.get("cout_min")),
            d.depenses_eligibles,
            d.pieces_a_fournir,
            d.contact,
            base + d.get_absolute_url(),
        )


def _dispositifs() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Dispositifs d'aide",
            description=(
                "Une ligne par dispositif publié au catalogue des aides : bénéficiaires, "
                "service instructeur, dates de dépôt et règles en vigueur le jour de la mise "
                "à jour (subvention maximale, taux maximal, coût minimal du projet)."
            ),
            colonnes=COLONNES_DISPOSITIFS,
            lignes=_dispositifs_lignes,
            nom_fichier="dispositifs-aide.csv",
        )
    ]


DISPOSITIFS = JeuAutomatique(
    code="aides.dispositifs",
    titre="Catalogue des dispositifs d'aide aux collectivités",
    description=(
        "Les dispositifs d'aide du Département ouverts aux communes, intercommunalités et "
        "organismes publics, tels que publiés au catalogue des aides : à qui ils s'adressent, "
        "quand déposer, les règles en vigueur. Mis à jour chaque jour."
    ),
    ressources=_dispositifs,
    themes=("finances", "administration"),
    mots_cles="aides, dispositifs, subventions, catalogue, collectivités",
    frequence="quotidienne",
)
