"""The background-task worker that does not die (`territoires db_worker`).

django-tasks-db's worker marks a failed task with `set_failed`; when that handler itself fails
(database connection lost inside the task, memory exhausted while formatting the traceback) or
the database goes away between two tasks, the exception leaves its loop and the queue stops.
`RobustWorker` keeps the library's loop and adds:

- a last-resort failure record: the task is marked FAILED without traceback, and if even that
  cannot be written, again later (before the next task, on each heartbeat);
- a wait-and-retry when the database is unreachable, instead of exiting;
- a registration (`ServeurTaches`) with a heartbeat thread, so that the tasks of a worker that
  was killed are found and failed (`task_tracking.tasks_reconcile`, run at start-up and on
  each heartbeat);
- after each task, its `TacheSuivi` and business rows brought in line with its result.
"""

import datetime
import logging
import threading
import time

import psutil
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import selectors, task_tracking
from .models import ServeurTaches, TacheSuivi

logger = logging.getLogger("territoires.worker")

# Registrations of stopped or silent workers are forgotten after this long.
_FORGET_AFTER = 7 * 24 * 3600
_UNRECORDED = "Échec non détaillé : l'enregistrement de l'erreur a lui-même échoué."


class WorkerInterrupted(Exception):  # noqa: N818 — the name the user's log shows
    """Recorded (never raised) on a task whose worker died: see selectors.INTERRUPTED_EXCEPTION."""


def _reset_connections() -> None:
    """Drop this thread's connections (a broken one cannot even roll back)."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # already broken: forget it
            connection.connection = None


def heartbeat_interval() -> float:
    return max(1.0, settings.TACHES_DELAI_INTERRUPTION / 4)


class Heartbeat(threading.Thread):
    """Writes the worker's sign of life and reconciles tasks, in its own connection."""

    def __init__(self, worker: "RobustWorker") -> None:
        super().__init__(name="territoires-heartbeat", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(heartbeat_interval()):
                self.beat()
        finally:
            connections.close_all()

    def beat(self) -> None:
        try:
            close_old_connections()
            ServeurTaches.objects.filter(identifiant=self.worker.worker_id).update(
                battement_le=timezone.now()
            )
            self.worker.flush_unrecorded()
            task_tracking.tasks_reconcile()
        except Exception:
            # SQLite busy during a long import, database restarting: next beat.
            logger.warning("Battement du serveur de tâches non enregistré", exc_info=True)
            _reset_connections()


class RobustWorker(Worker):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._unrecorded: dict[str, str] = {}  # result id -> exception class path
        self._lock = threading.Lock()
        self._heartbeat: Heartbeat | None = None

    # --- Registration -------------------------------------------------------------------------

    def register(self) -> None:
        now = timezone.now()
        process = psutil.Process()
        ServeurTaches.objects.update_or_create(
            identifiant=self.worker_id,
            defaults={
                "machine": selectors.current_machine(),
                "pid": process.pid,
                "processus_cree": process.create_time(),
                "demarre_le": now,
                "battement_le": now,
                "arrete_le": None,
            },
        )
        forgotten = now - datetime.timedelta(seconds=_FORGET_AFTER)
        ServeurTaches.objects.filter(battement_le__lt=forgotten).delete()

    def unregister(self) -> None:
        try:
            ServeurTaches.objects.filter(identifiant=self.worker_id).update(
                arrete_le=timezone.now()
            )
        except Exception:
            logger.warning("Arrêt du serveur de tâches non enregistré", exc_info=True)

    # --- Loop -------------------------------------------------------------------------------

    def run(self) -> None:
        self._start()
        try:
            while True:
                try:
                    super().run()
                    return
                except DatabaseError:
                    if not self.running:
                        raise
                    # The database is away (restart, network): wait, never exit.
                    logger.exception("Base de données injoignable ; nouvel essai dans 5 s")
                    _reset_connections()
                    time.sleep(5)
                    self.flush_unrecorded()
        finally:
            if self._heartbeat is not None:
                self._heartbeat.stopped.set()
            self.unregister()

    def _start(self) -> None:
        # Start-up waits for the database rather than dying (systemd would loop otherwise).
        while True:
            try:
                self.register()
                task_tracking.tasks_reconcile()
                break
            except DatabaseError:
                logger.exception("Base de données injoignable au démarrage ; nouvel essai dans 5 s")
                _reset_connections()
                time.sleep(5)
        self._heartbeat = Heartbeat(self)
        self._heartbeat.start()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.flush_unrecorded()
        try:
            super().run_task(db_task_result)
        except BaseException as exc:
            # The library's failure handler failed: this must not stop the queue.
            logger.exception(
                "Échec de la tâche %s non enregistré par django-tasks", db_task_result.pk
            )
            with self._lock:
                self._unrecorded[str(db_task_result.pk)] = (
                    f"{type(exc).__module__}.{type(exc).__qualname__}"
                )
            _reset_connections()
            self.flush_unrecorded()
            if isinstance(exc, (KeyboardInterrupt, SystemExit)) and not self.running:
                raise
        self._reconcile(str(db_task_result.pk))

    def flush_unrecorded(self) -> None:
        """Write the failures that could not be written (no traceback: it may be the cause)."""
        with self._lock:
            pending = dict(self._unrecorded)
        for result_id, exception_path in pending.items():
            try:
                DBTaskResult.objects.filter(pk=result_id, status=selectors.RUNNING).update(
                    status=selectors.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path=exception_path,
                    traceback=_UNRECORDED,
                )
            except Exception:
                logger.warning("Échec de la tâche %s : nouvel essai plus tard", result_id)
                _reset_connections()
                continue
            with self._lock:
                self._unrecorded.pop(result_id, None)
            self._reconcile(result_id)

    def _reconcile(self, result_id: str) -> None:
        try:
            for suivi in TacheSuivi.objects.filter(task_result_id=result_id):
                task_tracking.task_reconcile(suivi=suivi)
        except Exception:
            logger.warning("Suivi de la tâche %s non réconcilié", result_id, exc_info=True)
            _reset_connections()
