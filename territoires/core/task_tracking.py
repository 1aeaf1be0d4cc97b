"""Writes of background-task follow-up: launch, progress, failure, reconciliation, relaunch.

One truth. Three records describe a background task: `TacheSuivi` (what its page shows), the
django-tasks result (what the worker did) and the business row working for it (an import…,
declared with `task_follower_register`). `task_fail` is the only way a followed task fails:
it marks the `TacheSuivi` and its business rows in one transaction. `tasks_reconcile` brings
the three in line afterwards (worker killed, failure handler that failed, result lost) using
`selectors.task_verdict`, which the page also reads without writing.
"""

import contextvars
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from . import selectors
from .links import safe_local_url
from .models import TacheSuivi

logger = logging.getLogger(__name__)

_current: contextvars.ContextVar[TacheSuivi | None] = contextvars.ContextVar(
    "tache_suivi", default=None
)

# --- Business rows that follow a task ---------------------------------------------------------


@dataclass(frozen=True)
class TaskFollower:
    """A model whose rows work for a `TacheSuivi` (foreign key `field`).

    `pending`: field values of a row whose task is not finished (e.g. statut « en cours »);
    `failed(message)`: the values it takes when its task fails; `relaunched`: the values it
    takes back when the user relaunches the task.
    """

    model: type[models.Model]
    pending: dict[str, Any]
    failed: Callable[[str], dict[str, Any]]
    relaunched: dict[str, Any] = field(default_factory=dict)
    field: str = "tache"

    def rows(self, suivi_id) -> models.QuerySet:
        return self.model.objects.filter(**{self.field: suivi_id})


_followers: list[TaskFollower] = []
# Task path -> who may relaunch it (user, its keyword arguments) -> bool.
_relaunch_rules: dict[str, Callable[[Any, dict[str, Any]], bool]] = {}


def task_follower_register(
    *,
    model: type[models.Model],
    pending: dict[str, Any],
    failed: Callable[[str], dict[str, Any]],
    relaunched: dict[str, Any] | None = None,
    field: str = "tache",
) -> None:
    """Declare a business model whose rows fail (and restart) with their task (AppConfig.ready)."""
    if any(f.model is model and f.field == field for f in _followers):
        return
    _followers.append(
        TaskFollower(
            model=model,
            pending=pending,
            failed=failed,
            relaunched=relaunched if relaunched is not None else pending,
            field=field,
        )
    )


def task_relaunch_allow(task, *, allowed: Callable[[Any, dict[str, Any]], bool]) -> None:
    """A failed run of `task` may be relaunched from its page by its owner if `allowed`."""
    _relaunch_rules[task.module_path] = allowed


def task_relaunchable(*, suivi: TacheSuivi, user) -> bool:
    rule = _relaunch_rules.get(suivi.tache_chemin)
    return bool(rule and suivi.relance_id is None and rule(user, suivi.parametres))


# --- Launch and progress ------------------------------------------------------------------------


def _enqueue(*, suivi: TacheSuivi, task, kwargs: dict[str, Any]) -> TacheSuivi:
    result = task.enqueue(suivi_id=str(suivi.pk), **kwargs)
    TacheSuivi.objects.filter(pk=suivi.pk).update(task_result_id=str(result.id))
    suivi.refresh_from_db()
    return suivi


@transaction.atomic
def task_launch(*, task, owner, label: str, **kwargs) -> TacheSuivi:
    """Enqueue a django-tasks task and follow it in the UI (`/taches/<id>/`).

    The task function receives `suivi_id` in its keyword arguments and reports with
    `progress_start(suivi_id)`, `progress_update(...)` and `progress_finish(...)`.
    The task only starts after this transaction commits (database backend).
    """
    suivi = TacheSuivi.objects.create(
        proprietaire=owner, libelle=label[:200], tache_chemin=task.module_path, parametres=kwargs
    )
    return _enqueue(suivi=suivi, task=task, kwargs=kwargs)


def _save(suivi: TacheSuivi, *fields: str) -> None:
    suivi.save(update_fields=list(fields))


def progress_start(suivi_id, *, total: int | None = None, message: str = "") -> TacheSuivi:
    """Mark the task as running; later `progress_*` calls in this context update it."""
    suivi = TacheSuivi.objects.get(pk=suivi_id)
    suivi.statut = TacheSuivi.Statut.EN_COURS
    suivi.debut_le = timezone.now()
    suivi.total = total
    suivi.fait = 0
    suivi.message = message[:500]
    _save(suivi, "statut", "debut_le", "total", "fait", "message")
    _current.set(suivi)
    return suivi


def _suivi(suivi: TacheSuivi | None) -> TacheSuivi | None:
    return suivi if suivi is not None else _current.get()


def progress_update(
    done: int, total: int | None = None, message: str = "", *, suivi: TacheSuivi | None = None
) -> None:
    suivi = _suivi(suivi)
    if suivi is None:
        return
    suivi.fait = max(0, done)
    if total is not None:
        suivi.total = total
    if message:
        suivi.message = message[:500]
    _save(suivi, "fait", "total", "message")


def progress_finish(
    *,
    result_url: str = "",
    result_text: str = "",
    message: str = "",
    suivi: TacheSuivi | None = None,
) -> None:
    suivi = _suivi(suivi)
    if suivi is None:
        return
    suivi.statut = TacheSuivi.Statut.TERMINEE
    suivi.fin_le = timezone.now()
    if suivi.total:
        suivi.fait = suivi.total
    suivi.resultat_url = safe_local_url(result_url)
    suivi.resultat_texte = result_text
    if message:
        suivi.message = message[:500]
    _save(suivi, "statut", "fin_le", "fait", "resultat_url", "resultat_texte", "message")
    _current.set(None)


def progress_fail(*, error: str, suivi: TacheSuivi | None = None) -> None:
    suivi = _suivi(suivi)
    if suivi is None:
        return
    _current.set(None)
    task_fail(suivi_id=suivi.pk, error=error)
    suivi.statut = TacheSuivi.Statut.ECHOUEE
    suivi.erreur = error


@contextmanager
def progress_tracking(
    suivi_id, *, total: int | None = None, message: str = ""
) -> Iterator[TacheSuivi | None]:
    """Inside a task: start, then finish or fail the progress whatever happens.

        @task()
        def export(*, suivi_id=None):
            with progress_tracking(suivi_id, total=n) as suivi:
                for i, row in enumerate(rows, 1):
                    progress_update(i, message=f"Ligne {i} sur {n}")
                progress_finish(result_url=..., message="Export prêt.")

    Without `suivi_id` (task launched by a command), it tracks nothing.
    """
    if not suivi_id:
        yield None
        return
    suivi = progress_start(suivi_id, total=total, message=message)
    try:
        yield suivi
    except BaseException as exc:
        # The user sees a plain message; the traceback stays in the task result and logs.
        detail = exc.messages[0] if isinstance(exc, ValidationError) else ""
        try:
            progress_fail(error=detail or selectors.TASK_FAILED_MESSAGE, suivi=suivi)
        except Exception:
            # This handler must not hide the task's own error; the worker reconciles later.
            logger.exception("Échec de la tâche %s non enregistré", suivi_id)
        raise
    else:
        suivi.refresh_from_db(fields=["statut"])
        if suivi.statut != TacheSuivi.Statut.TERMINEE:
            progress_finish(suivi=suivi)


# --- One truth: failure and reconciliation ------------------------------------------------


@transaction.atomic
def task_fail(*, suivi_id, error: str) -> bool:
    """Mark a task failed with `error` (French, for its owner), and its business rows with it.

    A task already finished keeps its state and first error; its rows still waiting are
    failed with that error. Returns whether the task itself changed.
    """
    changed = (
        TacheSuivi.objects.filter(
            pk=suivi_id, statut__in=[TacheSuivi.Statut.EN_ATTENTE, TacheSuivi.Statut.EN_COURS]
        ).update(statut=TacheSuivi.Statut.ECHOUEE, fin_le=timezone.now(), erreur=error)
        > 0
    )
    suivi = TacheSuivi.objects.filter(pk=suivi_id).values("statut", "erreur").first()
    if suivi and suivi["statut"] == TacheSuivi.Statut.ECHOUEE:
        for follower in _followers:
            follower.rows(suivi_id).filter(**follower.pending).update(
                **follower.failed(suivi["erreur"] or error)
            )
    return changed


def _task_finish_quietly(suivi_id) -> None:
    TacheSuivi.objects.filter(
        pk=suivi_id, statut__in=[TacheSuivi.Statut.EN_ATTENTE, TacheSuivi.Statut.EN_COURS]
    ).update(statut=TacheSuivi.Statut.TERMINEE, fin_le=timezone.now())


def _result_interrupt(result_id, *, worker_id: str) -> None:
    DBTaskResult.objects.filter(pk=result_id, status=selectors.RUNNING).update(
        status=selectors.FAILED,
        finished_at=timezone.now(),
        exception_class_path=selectors.INTERRUPTED_EXCEPTION,
        traceback=f"Serveur de tâches {worker_id} arrêté pendant la tâche.",
    )


def task_apply_verdict(*, suivi_id, verdict: selectors.Verdict) -> bool:
    """Write what `selectors.task_verdict` found (the only writer of reconciliation)."""
    if verdict.result_interrupted:
        _result_interrupt(verdict.result_id, worker_id=verdict.worker_id)
    if verdict.statut == TacheSuivi.Statut.ECHOUEE:
        return task_fail(suivi_id=suivi_id, error=verdict.erreur)
    if verdict.statut == TacheSuivi.Statut.TERMINEE:
        _task_finish_quietly(suivi_id)
        return True
    return False


def tasks_reconcile(*, now=None) -> list:
    """Fail what a dead worker left running; align every task with its result and its rows.

    Run by the worker at start-up and on each heartbeat, and by `territoires taches
    reconcilier` (cron). Returns the ids of the tasks it changed.
    """
    now = now or timezone.now()
    changed = []
    # Results of dead workers, followed by a TacheSuivi or not (e-mails…): none stays RUNNING.
    running = DBTaskResult.objects.filter(status=selectors.RUNNING).only(
        "id", "worker_ids", "started_at"
    )
    for result in running:
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        if not selectors.worker_alive(worker_id=worker_id, started_at=result.started_at, now=now):
            _result_interrupt(result.pk, worker_id=worker_id)
    unfinished = TacheSuivi.objects.filter(
        statut__in=[TacheSuivi.Statut.EN_ATTENTE, TacheSuivi.Statut.EN_COURS]
    ).exclude(task_result_id="")
    for suivi, verdict in selectors.task_verdicts(unfinished, now=now):
        if verdict and task_apply_verdict(suivi_id=suivi.pk, verdict=verdict):
            changed.append(suivi.pk)
    # Rows still « en cours » although their task failed (before this module existed…).
    for follower in _followers:
        stale = follower.model.objects.filter(
            **follower.pending, **{f"{follower.field}__statut": TacheSuivi.Statut.ECHOUEE}
        ).values_list(follower.field, flat=True)
        for suivi_id in set(stale):
            task_fail(suivi_id=suivi_id, error=selectors.TASK_FAILED_MESSAGE)
    return changed


def task_reconcile(*, suivi: TacheSuivi) -> TacheSuivi:
    """Reconcile one task (before relaunching it)."""
    for _, verdict in selectors.task_verdicts([suivi]):
        if verdict:
            task_apply_verdict(suivi_id=suivi.pk, verdict=verdict)
    suivi.refresh_from_db()
    return suivi


@transaction.atomic
def task_relaunch(*, suivi: TacheSuivi, user) -> TacheSuivi:
    """Start a failed task again, same task and parameters; its business rows follow."""
    task_reconcile(suivi=suivi)
    suivi = TacheSuivi.objects.select_for_update().get(pk=suivi.pk)
    if suivi.statut != TacheSuivi.Statut.ECHOUEE:
        raise ValidationError("Seule une tâche échouée ou interrompue peut être relancée.")
    if suivi.relance_id is not None:
        raise ValidationError("Cette tâche a déjà été relancée.")
    if not task_relaunchable(suivi=suivi, user=user):
        raise PermissionDenied
    task = import_string(suivi.tache_chemin)
    nouveau = TacheSuivi.objects.create(
        proprietaire=user,
        libelle=suivi.libelle,
        tache_chemin=suivi.tache_chemin,
        parametres=suivi.parametres,
    )
    TacheSuivi.objects.filter(pk=suivi.pk).update(relance=nouveau)
    # Rows follow the new task before it may run (the immediate backend runs it at once).
    for follower in _followers:
        follower.rows(suivi.pk).update(**{follower.field: nouveau}, **follower.relaunched)
    return _enqueue(suivi=nouveau, task=task, kwargs=suivi.parametres)
