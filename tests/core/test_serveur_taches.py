"""The task worker, as a real process: an error in a task (even in its failure handler) fails
that task only; the next one runs."""

from django_tasks_db.models import DBTaskResult

from territoires.core import selectors
from territoires.core.models import TacheSuivi
from territoires.core.task_tracking import task_launch

from .pannes import attendre, journal
from .taches_hostiles import tache_ordinaire, tache_qui_perd_sa_base


def _statut(suivi) -> str:
    return TacheSuivi.objects.values_list("statut", flat=True).get(pk=suivi.pk)


def test_failure_handler_that_fails_does_not_stop_the_queue(serveurs_de_taches, make_user):
    owner = make_user()
    # The task loses its database connection, then raises: both failure handlers fail.
    premiere = task_launch(task=tache_qui_perd_sa_base, owner=owner, label="Classeur hostile")
    suivante = task_launch(task=tache_ordinaire, owner=owner, label="Export suivant")

    worker = serveurs_de_taches()
    attendre(
        lambda: _statut(suivante) == TacheSuivi.Statut.TERMINEE or worker.poll() is not None,
        message="la tâche suivante n'a pas été exécutée",
    )

    assert worker.poll() is None, journal(worker)
    assert _statut(suivante) == TacheSuivi.Statut.TERMINEE
    premiere.refresh_from_db()
    assert premiere.statut == TacheSuivi.Statut.ECHOUEE
    assert premiere.erreur == selectors.TASK_FAILED_MESSAGE
    assert DBTaskResult.objects.get(pk=premiere.task_result_id).status == "FAILED"
