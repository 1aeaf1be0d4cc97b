"""Socle: what every module needs. How a module uses it:

Access to views — `core/access.py`
    `@public`, `@rule_required("app.perm")`, `@object_rule_required("app.perm", get_object)`.

Journal (audit trail) — `core.models.Evenement`, writes in `core/journal.py`
    journal.journal_record(obj=..., actor=..., action=Evenement.Action.CREATION, reason=...)
    with journal.track_changes(obj, actor=user, reason=motif): ...edit and save obj...
    workflow.transition_apply(obj=dossier, transition="deposer", actor=user, reason=motif)
    Page of the object: {% include "core/partials/journal.html" with evenements=journal %}
    with `journal = selectors.journal_for(obj)`. Instructed objects also declare
    `history = HistoricalRecords()` (django-simple-history, see models.py).

Documents — `core.models.Document`, package `core/documents/`
    Form field `forms.DocumentField(allowed_types=["pdf", ...])` (or `DocumentUploadForm`),
    then documents.document_upload(file=..., owner_organisation=..., uploaded_by=...,
    attached_to=obj). Links: `document.get_absolute_url()` (permission-checked download).
    The attached object may define `document_visible_par(user) -> bool` to widen or narrow
    who downloads (e.g. the instructors of a dossier); otherwise the uploader and the members
    of the owner organisation. `selectors.documents_for(obj)` lists them.

Notifications — `core/notifications.py`
    notifications.notify(users=[...], title="…", body="…", url="/local/path/", category="Aides").
    Immediate e-mails go through the task worker after commit; `territoires notifications
    digest` (daily, cron) sends the digests.

Background tasks — `core/task_tracking.py`
    A `@task()` function taking `suivi_id=None` and reporting with
    `with task_tracking.progress_tracking(suivi_id, total=n): progress_update(i) ...
    progress_finish(result_url=...)`; launched by
    `suivi = task_tracking.task_launch(task=..., owner=request.user, label="…", **kwargs)` then
    `redirect(suivi)`: `/taches/<id>/` shows progress and result to its owner only.
    A business row working for the task (an import…) declares itself with
    `task_tracking.task_follower_register(model=..., pending=..., failed=...)`: it fails with
    its task, killed worker included (`task_tracking.tasks_reconcile`). A failed task offers
    « Relancer » to its owner if `task_tracking.task_relaunch_allow(task, allowed=...)`.
    Work a killed worker must not leave half-done goes in one transaction.

Exports (CSV, XLSX, PDF, ZIP) — package `core/exports/`, see docs/conventions.md.
"""
