"""PostgreSQL stopped in the middle of a request, on a cluster of the test's own: a French 503
page, nothing half-written, and the next request after the restart succeeds."""

from django.db import close_old_connections
from django.db.models.signals import pre_save
from django_tasks_db.models import DBTaskResult

from territoires.core.models import TacheSuivi
from territoires.core.task_tracking import task_launch

from .pannes import connexion_vers
from .taches_hostiles import tache_ordinaire


def _restart(cluster) -> None:
    cluster.stop()
    cluster.start()
    # What Django's handler does when each request starts (the test client leaves it out).
    close_old_connections()


def test_database_stopped_during_a_request(cluster_postgres, client, settings, make_user):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    # Persistent connections, as in production: the restart must not break the next request.
    with connexion_vers(PORT=str(cluster_postgres.port), NAME="territoires", CONN_MAX_AGE=600):
        owner = make_user()
        client.force_login(owner)
        suivi = task_launch(task=tache_ordinaire, owner=owner, label="Export des dossiers")
        TacheSuivi.objects.filter(pk=suivi.pk).update(statut=TacheSuivi.Statut.ECHOUEE)
        page = suivi.get_absolute_url()
        relancer = f"{page}relancer/"

        def stop_database(**kwargs):
            cluster_postgres.stop()

        # The relaunch writes a new task, then enqueues it: PostgreSQL stops in between.
        pre_save.connect(stop_database, sender=DBTaskResult, dispatch_uid="panne")
        try:
            response = client.post(relancer)
        finally:
            pre_save.disconnect(dispatch_uid="panne", sender=DBTaskResult)
        html = response.content.decode()
        assert response.status_code == 503
        assert "Service momentanément indisponible" in html
        assert "Traceback" not in html and "OperationalError" not in html
        assert response["Retry-After"] == "30"

        cluster_postgres.start()
        assert client.get(page).status_code == 200
        # Nothing of the failed relaunch was written.
        assert TacheSuivi.objects.count() == 1
        assert TacheSuivi.objects.get(pk=suivi.pk).relance_id is None

        # Restarted while the persistent connection was idle: the health check replaces it.
        client.raise_request_exception = False
        _restart(cluster_postgres)
        assert client.get(page).status_code == 200
        assert client.post(relancer).status_code == 302
        assert TacheSuivi.objects.count() == 2

        # Down when a request starts: it fails in a middleware (session), still a 503 page.
        cluster_postgres.stop()
        close_old_connections()
        response = client.get(page)
        assert response.status_code == 503
        assert "Service momentanément indisponible" in response.content.decode()
        cluster_postgres.start()
        close_old_connections()
        assert client.get(page).status_code == 200
