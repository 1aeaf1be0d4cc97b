"""Follow-up posted from the request's page: step, notes, actions, state changes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from ..forms import ActionForm, EtapeForm, NoteForm, SuiviForm, TransitionForm
from ..services import suivi
from .sollicitation import (
    back_to,
    error_messages,
    get_action,
    get_sollicitation,
    render_with_errors,
)


@require_POST
@object_rule_required("ingenierie.work_sollicitation", get_sollicitation)
def sollicitation_etape(request, sollicitation_id, obj):
    form = EtapeForm(request.POST)
    if form.is_valid():
        try:
            suivi.sollicitation_etape_set(
                sollicitation=obj, etape=form.cleaned_data["etape"], actor=request.user
            )
            messages.success(request, "Étape enregistrée.")
        except ValidationError as error:
            error_messages(request, error)
    return back_to(obj, "etapes")


@require_POST
@object_rule_required("ingenierie.follow_action", get_sollicitation)
def sollicitation_note(request, sollicitation_id, obj):
    """A note of the mission, or a message of the collectivité (always public)."""
    staff = request.user.has_perm("ingenierie.work_sollicitation", obj)
    form = NoteForm(request.POST, staff=staff)
    if not form.is_valid():
        return render_with_errors(request, obj, {"note_form": form})
    publique = form.cleaned_data.get("publique", False)
    suivi.note_add(
        sollicitation=obj,
        auteur=request.user,
        texte=form.cleaned_data["texte"],
        publique=publique,
        par_la_collectivite=not staff,
    )
    if not staff:
        message = "Message envoyé : votre conseiller référent est prévenu."
    elif publique:
        message = "Note publique ajoutée : la collectivité la lira."
    else:
        message = "Note interne ajoutée."
    messages.success(request, message)
    return back_to(obj, "notes")


@require_POST
@object_rule_required("ingenierie.work_sollicitation", get_sollicitation)
def sollicitation_action(request, sollicitation_id, obj):
    form = ActionForm(request.POST)
    if not form.is_valid():
        return render_with_errors(request, obj, {"action_form": form})
    data = form.cleaned_data
    try:
        suivi.action_add(
            sollicitation=obj,
            titre=data["titre"],
            description=data["description"],
            echeance=data["echeance"],
            ressource=data["ressource"],
            actor=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render_with_errors(request, obj, {"action_form": form})
    messages.success(request, "Recommandation ajoutée.")
    return back_to(obj, "actions")


@require_POST
@object_rule_required("ingenierie.follow_action", get_action)
def action_suivi(request, action_id, obj):
    form = SuiviForm(request.POST)
    if form.is_valid():
        try:
            suivi.action_follow(
                action=obj,
                auteur=request.user,
                texte=form.cleaned_data["texte"],
                statut=form.cleaned_data["statut"],
            )
            messages.success(request, "Suivi enregistré.")
        except ValidationError as error:
            error_messages(request, error)
    else:
        messages.error(request, "Le suivi n'a pas pu être enregistré.")
    return back_to(obj.sollicitation, f"action-{obj.pk}")


@require_POST
@object_rule_required("ingenierie.work_sollicitation", get_sollicitation)
def sollicitation_transition(request, sollicitation_id, obj):
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            suivi.sollicitation_transition_apply(
                sollicitation=obj,
                transition=form.cleaned_data["transition"],
                actor=request.user,
                reason=form.cleaned_data["motif"],
            )
            messages.success(request, f"Sollicitation : {obj.get_statut_display()}.")
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return back_to(obj)
