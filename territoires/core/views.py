from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required

from . import documents, notifications, selectors, task_tracking
from .forms import NotificationPreferencesForm
from .models import Document, Notification, TacheSuivi
from .tasks import notifications_digest_task


def _document(request, document_id):
    return get_object_or_404(Document.objects.select_related("content_type"), pk=document_id)


@object_rule_required("core.view_document", _document)
def document_download(request, document_id, obj: Document):
    try:
        handle = obj.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Fichier introuvable.") from exc
    documents.document_record_download(document=obj, user=request.user)
    # FileResponse writes Content-Disposition with RFC 5987 for non-ASCII names.
    response = FileResponse(
        handle, as_attachment=True, filename=obj.nom_original, content_type=obj.type_mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Notifications -------------------------------------------------------------------------


@rule_required("core.view_notifications")
def notification_list(request):
    queryset = selectors.notifications_for(request.user)
    non_lues = request.GET.get("filtre") == "non-lues"
    if non_lues:
        queryset = queryset.filter(lue_le__isnull=True)
    page_obj = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notification_list.html",
        {
            "page_obj": page_obj,
            "non_lues": non_lues,
            "unread_count": selectors.unread_notifications_count(request.user),
            "breadcrumb_items": [("Notifications", None)],
        },
    )


def _notification(request, notification_id):
    return get_object_or_404(Notification, pk=notification_id)


@require_POST
@object_rule_required("core.change_notification", _notification)
def notification_read(request, notification_id, obj: Notification):
    notifications.notification_mark_read(notification=obj)
    if request.POST.get("ouvrir") and obj.lien:
        return redirect(obj.lien)
    messages.success(request, "La notification est marquée comme lue.")
    return redirect(_back(request))


@require_POST
@rule_required("core.view_notifications")
def notification_read_all(request):
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            "Toutes les notifications sont marquées comme lues."
            if count > 1
            else "La notification est marquée comme lue.",
        )
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("suivant", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "core:notification_list"


@rule_required("core.view_notifications")
def notification_preferences(request):
    form = NotificationPreferencesForm(
        request.POST or None, initial={"frequence": request.user.frequence_notifications}
    )
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_update(
            user=request.user, frequence=form.cleaned_data["frequence"]
        )
        messages.success(request, "Vos préférences de notification sont enregistrées.")
        return redirect("core:notification_preferences")
    return render(
        request,
        "core/notification_preferences.html",
        {
            "form": form,
            "breadcrumb_items": [
                ("Notifications", reverse("core:notification_list")),
                ("Préférences", None),
            ],
        },
    )


# --- Tâches de fond ------------------------------------------------------------------------


@rule_required("core.view_tasks")
def task_list(request):
    page_obj = Paginator(selectors.tasks_for(request.user), 20).get_page(request.GET.get("page"))
    # An interrupted task shows failed at once, before the worker writes it (GET reads only).
    page_obj.object_list = selectors.tasks_as_seen(page_obj.object_list)
    return render(
        request,
        "core/tache_list.html",
        {
            "page_obj": page_obj,
            "can_send_digest": request.user.has_perm("core.send_digest"),
            "breadcrumb_items": [("Mes tâches", None)],
        },
    )


def _task(request, tache_id):
    return get_object_or_404(TacheSuivi, pk=tache_id)


@object_rule_required("core.view_task", _task)
def task_detail(request, tache_id, obj: TacheSuivi):
    template = "core/tache_detail.html"
    if request.htmx:
        template += "#progression"
    breadcrumb = [("Mes tâches", reverse("core:task_list")), (obj.libelle, None)]
    (suivi,) = selectors.tasks_as_seen([obj])
    relaunchable = suivi.statut == TacheSuivi.Statut.ECHOUEE and task_tracking.task_relaunchable(
        suivi=suivi, user=request.user
    )
    return render(
        request,
        template,
        {"suivi": suivi, "relaunchable": relaunchable, "breadcrumb_items": breadcrumb},
    )


@require_POST
@object_rule_required("core.view_task", _task)
def task_relaunch(request, tache_id, obj: TacheSuivi):
    try:
        nouveau = task_tracking.task_relaunch(suivi=obj, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(obj)
    messages.success(request, "Le traitement a été relancé.")
    return redirect(nouveau)


@require_POST
@rule_required("core.send_digest")
def task_send_digest(request):
    suivi = task_tracking.task_launch(
        task=notifications_digest_task,
        owner=request.user,
        label="Envoi des récapitulatifs de notifications",
    )
    return redirect(suivi)
