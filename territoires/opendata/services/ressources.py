"""Resources of a dataset: creation, declared schema, chart settings."""

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core import journal
from territoires.core.models import Evenement

from ..models import JeuDeDonnees, Ressource

NUMERIC_TYPES = {"entier", "decimal"}


def schema_check(nom: str) -> str:
    """The name of a shipped schema, or "" ; ValidationError for an unknown name."""
    from .. import validation

    nom = (nom or "").strip()
    if nom and nom not in {s.nom for s in validation.schemas_available()}:
        raise ValidationError(
            "Le schéma « %(nom)s » n'est pas un schéma livré.", params={"nom": nom}, code="schema"
        )
    return nom


@transaction.atomic
def resource_create(
    *, jeu: JeuDeDonnees, actor, titre: str, schema: str = "", description: str = ""
) -> Ressource:
    titre = (titre or "").strip()
    if not titre:
        raise ValidationError("Donnez un titre à la ressource.", code="titre")
    ressource = Ressource.objects.create(
        jeu=jeu, titre=titre[:200], description=description, schema=schema_check(schema)
    )
    journal.journal_record(
        obj=jeu,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Ajout de la ressource « {ressource.titre} »",
        organisation=jeu.organisation,
    )
    return ressource


@transaction.atomic
def resource_schema_set(*, ressource: Ressource, actor, schema: str) -> Ressource:
    with journal.track_changes(ressource, actor=actor, fields=["schema"]):
        ressource.schema = schema_check(schema)
        ressource.save(update_fields=["schema"])
    return ressource


@transaction.atomic
def resource_chart_set(*, ressource: Ressource, actor, type: str, x: str, y: str) -> Ressource:
    """Chart of the resource: bars or lines, x and y among the columns of its current version.

    An empty `type` removes the chart.
    """
    if not type:
        graphique = {}
    else:
        if type not in Ressource.Graphique.values:
            raise ValidationError("Choisissez un graphique en barres ou en lignes.")
        version = ressource.version_courante
        colonnes = {c["nom"]: c["type"] for c in (version.colonnes if version else [])}
        if x not in colonnes:
            raise ValidationError("Choisissez la colonne des abscisses parmi les colonnes.")
        if colonnes.get(y) not in NUMERIC_TYPES:
            raise ValidationError(
                "La colonne des valeurs (ordonnées) doit être une colonne de nombres."
            )
        graphique = {"type": type, "x": x, "y": y}
    with journal.track_changes(ressource, actor=actor, fields=["graphique"]):
        ressource.graphique = graphique
        ressource.save(update_fields=["graphique"])
    return ressource
