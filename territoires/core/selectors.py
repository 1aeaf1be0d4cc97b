"""Reads of the core app shared by views, templates and other modules."""

import datetime
import os
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import psutil
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import Document, Evenement, Notification, ServeurTaches, TacheSuivi


def journal_for(obj: models.Model) -> models.QuerySet[Evenement]:
    """The journal of one object, newest first, with authors in the same query."""
    return Evenement.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).select_related("acteur", "content_type")


def documents_for(obj: models.Model) -> models.QuerySet[Document]:
    """Documents attached to a business object."""
    return Document.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("depose_par")


def notifications_for(user) -> models.QuerySet[Notification]:
    return Notification.objects.filter(destinataire=user)


def unread_notifications_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(destinataire=user, lue_le__isnull=True).count()


def tasks_for(user) -> models.QuerySet[TacheSuivi]:
    return TacheSuivi.objects.filter(proprietaire=user)


# --- Background tasks: what really happened ------------------------------------------------

TASK_FAILED_MESSAGE = (
    "La tâche a échoué de façon inattendue. L'équipe technique peut consulter le détail dans "
    "le journal des tâches."
)
INTERRUPTED_MESSAGE = (
    "Le traitement a été interrompu (arrêt du serveur de tâches). Rien n'a été enregistré ; "
    "vous pouvez le relancer."
)
# `exception_class_path` of a result whose worker died (no Python exception was raised).
INTERRUPTED_EXCEPTION = "territoires.core.worker.WorkerInterrupted"
READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"


@dataclass(frozen=True)
class Verdict:
    """What a task's state must become: `statut` and `erreur` of its TacheSuivi, and whether
    its django-tasks result, still RUNNING, belongs to a dead worker."""

    statut: str
    erreur: str = ""
    result_interrupted: bool = False
    result_id: str = ""
    worker_id: str = ""


def current_machine() -> str:
    """Host name and PID namespace: two processes with one PID on one machine are one."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()} {namespace}".strip()[:255]


def process_alive(*, pid: int, created: float) -> bool:
    try:
        process = psutil.Process(pid)
        # A reused PID belongs to another process; a zombie is dead.
        return abs(process.create_time() - created) < 1 and (
            process.status() != psutil.STATUS_ZOMBIE
        )
    except psutil.Error:
        return False


def interruption_delay() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TACHES_DELAI_INTERRUPTION)


def _worker_alive(serveur: ServeurTaches | None, *, started_at, now, machine: str) -> bool:
    if serveur is None:
        # A worker that never registered (the library's own command): judged by the task's age.
        return started_at is not None and now - started_at < interruption_delay()
    if serveur.arrete_le is not None:
        return False
    if serveur.machine == machine:
        # Same machine: the process itself says (a long SQLite transaction may delay beats).
        return process_alive(pid=serveur.pid, created=serveur.processus_cree)
    return now - serveur.battement_le < interruption_delay()


def worker_alive(*, worker_id: str, started_at, now=None) -> bool:
    return _worker_alive(
        ServeurTaches.objects.filter(identifiant=worker_id).first(),
        started_at=started_at,
        now=now or timezone.now(),
        machine=current_machine(),
    )


def _database_backend() -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def task_verdicts(
    suivis: Iterable[TacheSuivi], *, now=None
) -> Iterator[tuple[TacheSuivi, Verdict | None]]:
    """For each task, what its state must become (None: it is right). Reads only: the page
    shows it, `task_tracking.task_apply_verdict` writes it. Three queries in all."""
    from django_tasks_db.models import DBTaskResult

    suivis = list(suivis)
    now = now or timezone.now()
    ids = [s.task_result_id for s in suivis if not s.est_finie and s.task_result_id]
    results = {str(r.pk): r for r in DBTaskResult.objects.filter(pk__in=ids)} if ids else {}
    worker_ids = {r.worker_ids[-1] for r in results.values() if r.worker_ids}
    serveurs = {s.identifiant: s for s in ServeurTaches.objects.filter(identifiant__in=worker_ids)}
    machine = current_machine()
    database_backend = None
    for suivi in suivis:
        if suivi.est_finie or not suivi.task_result_id:
            yield suivi, None
            continue
        result = results.get(suivi.task_result_id)
        if result is None:
            if database_backend is None:
                database_backend = _database_backend()
            lost = database_backend and now - suivi.cree_le > interruption_delay()
            yield suivi, Verdict(TacheSuivi.Statut.ECHOUEE, INTERRUPTED_MESSAGE) if lost else None
        elif result.status == RUNNING:
            worker_id = result.worker_ids[-1] if result.worker_ids else ""
            alive = _worker_alive(
                serveurs.get(worker_id), started_at=result.started_at, now=now, machine=machine
            )
            yield (
                suivi,
                None
                if alive
                else Verdict(
                    TacheSuivi.Statut.ECHOUEE,
                    INTERRUPTED_MESSAGE,
                    result_interrupted=True,
                    result_id=str(result.pk),
                    worker_id=worker_id,
                ),
            )
        elif result.status == FAILED:
            interrupted = result.exception_class_path == INTERRUPTED_EXCEPTION
            message = INTERRUPTED_MESSAGE if interrupted else TASK_FAILED_MESSAGE
            yield suivi, Verdict(TacheSuivi.Statut.ECHOUEE, message)
        elif result.status == SUCCESSFUL:
            yield suivi, Verdict(TacheSuivi.Statut.TERMINEE)
        else:
            yield suivi, None


def tasks_as_seen(suivis: Iterable[TacheSuivi]) -> list[TacheSuivi]:
    """Tasks as their page shows them: an interrupted task shows failed before the worker (or
    `territoires taches reconcilier`) writes it. The objects are not saved."""
    shown = []
    for suivi, verdict in task_verdicts(suivis):
        if verdict is not None:
            suivi.statut, suivi.erreur = verdict.statut, verdict.erreur
        shown.append(suivi)
    return shown
