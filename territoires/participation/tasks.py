"""Background tasks of the participatory budget."""

from django.db import transaction
from django_tasks import task

from territoires.core.task_tracking import (
    progress_finish,
    progress_tracking,
    progress_update,
    task_relaunch_allow,
)


@task()
def resultats_calculer_task(*, campagne_id: int, suivi_id: str | None = None) -> int:
    """Count each enveloppe of a campaign (ballot box shuffled first)."""
    from .models import Campagne
    from .services.resultats import resultats_compute
    from .services.vote import urne_shuffle

    campagne = Campagne.objects.get(pk=campagne_id)
    with progress_tracking(suivi_id, message="Brassage de l'urne…"):

        def avance(fait: int, total: int) -> None:
            progress_update(fait, total, f"Enveloppe {fait} sur {total} dépouillée")

        # All or nothing: a task server stopped in the middle of the count leaves the ballot
        # box and the previous results intact.
        with transaction.atomic():
            urne_shuffle(campagne=campagne)
            resultats = resultats_compute(campagne=campagne, on_progress=avance)
        progress_finish(
            result_url=f"/budget-participatif/{campagne.slug}/resultats/",
            message=f"{len(resultats)} enveloppe(s) dépouillée(s).",
        )
    return len(resultats)


def _peut_relancer(user, kwargs) -> bool:
    from .models import Campagne

    campagne = Campagne.objects.filter(pk=kwargs.get("campagne_id")).first()
    return campagne is not None and user.has_perm("participation.gerer_campagne", campagne)


task_relaunch_allow(resultats_calculer_task, allowed=_peut_relancer)
