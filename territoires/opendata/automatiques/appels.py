"""The calls for projects and for expressions of interest, as published (`appels.selectors`):
who may answer, the window (deadline in the call's time zone), the weighted grid. Nothing of
the candidatures, which are not public."""

from collections.abc import Iterator

from django.conf import settings

from territoires.appels import selectors

from .base import JeuAutomatique, RessourceAutomatique, colonnes

COLONNES_APPELS = colonnes(
    ("titre", "texte"),
    ("type", "texte"),
    ("service", "texte"),
    ("resume", "texte"),
    ("candidats_admis", "texte"),
    ("ouverture", "date"),
    ("date_limite", "date"),
    ("heure_limite", "texte"),
    ("fuseau_horaire", "texte"),
    ("statut", "texte"),
    ("criteres_ponderes", "texte"),
    ("contact", "texte"),
    ("url", "texte"),
)


def _appels_lignes() -> Iterator[tuple]:
    base = settings.TERRITOIRES_BASE_URL.rstrip("/")
    for appel in selectors.appels_publics().prefetch_related("criteres"):
        limite = appel.date_limite_locale()
        yield (
            appel.titre,
            appel.get_type_display(),
            appel.organisation.nom,
            appel.resume,
            ", ".join(appel.types_candidats_labels()),
            appel.ouverture.astimezone(appel.tz).date(),
            limite.date(),
            f"{limite:%H:%M}",
            appel.fuseau,
            "ouvert" if appel.est_ouvert() else appel.get_statut_display(),
            " ; ".join(f"{c.libelle} (poids {c.poids})" for c in appel.criteres.all()),
            appel.contact,
            base + appel.get_absolute_url(),
        )


def _appels() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Appels à projets",
            description=(
                "Une ligne par appel publié : type (appel à projets ou à manifestation "
                "d'intérêt), candidats admis, ouverture, date et heure limites dans le fuseau "
                "de l'appel, critères de la grille du jury et leur poids."
            ),
            colonnes=COLONNES_APPELS,
            lignes=_appels_lignes,
            nom_fichier="appels-a-projets.csv",
        )
    ]


APPELS = JeuAutomatique(
    code="appels.appels",
    titre="Appels à projets et à manifestation d'intérêt",
    description=(
        "Les appels à projets et à manifestation d'intérêt du Département, ouverts aux "
        "associations, entreprises, collectifs et communes : qui peut candidater, jusqu'à "
        "quand, sur quels critères. Mis à jour chaque jour."
    ),
    ressources=_appels,
    themes=("administration",),
    mots_cles="appels à projets, AMI, associations, subventions, tiers-lieux",
    frequence="quotidienne",
)
