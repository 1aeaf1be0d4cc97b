"""Background tasks of the open-data portal: a big file confirmed from the preview is read
and loaded by a followed task (progress bar at `/taches/<id>/`). Tasks call services.

A worker killed in the middle leaves the version « à vérifier » (its rows are written in the
tabular storage under a key only a current version points to): the producer confirms again.
"""

from django_tasks import task

from territoires.comptes.models import User

from .models import VersionRessource
from .services.versions import version_confirm


@task()
def version_confirm_task(
    *,
    version_id: int,
    actor_id: int | None,
    colonnes: list[dict],
    schema: str | None = None,
    suivi_id: str | None = None,
) -> str:
    version = VersionRessource.objects.select_related("ressource__jeu", "document").get(
        pk=version_id
    )
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    version = version_confirm(
        version=version, actor=actor, colonnes=colonnes, suivi_id=suivi_id, schema=schema
    )
    return version.statut
