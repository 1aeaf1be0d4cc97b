"""Tasks that the fault tests enqueue for a real worker process (importable by it)."""

from django.db import connection
from django_tasks import task

from territoires.core.task_tracking import progress_finish, progress_tracking, task_relaunch_allow


@task()
def tache_qui_perd_sa_base(*, suivi_id=None):
    """A hostile input that takes the database connection down with it, then fails: our failure
    handler (progress_fail) and django-tasks' (set_failed) cannot write either."""
    with progress_tracking(suivi_id, message="Lecture du classeur…"):
        connection.connection.close()
        raise ValueError("Classeur hostile")


@task()
def tache_ordinaire(*, suivi_id=None):
    with progress_tracking(suivi_id, total=1):
        progress_finish(message="Export prêt.")


task_relaunch_allow(tache_ordinaire, allowed=lambda user, kwargs: True)
