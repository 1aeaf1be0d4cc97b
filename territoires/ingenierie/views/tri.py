"""Triage of a new request and changes of its team (the mission's managers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import selectors
from ..forms import AffectationForm, TriageForm
from ..services import tri
from .sollicitation import back_to, get_sollicitation, render_with_errors


@require_POST
@object_rule_required("ingenierie.triage_sollicitation", get_sollicitation)
def sollicitation_triage(request, sollicitation_id, obj):
    form = TriageForm(request.POST, sollicitation=obj, staff_users=selectors.mission_staff_users())
    if not form.is_valid():
        return render_with_errors(request, obj, {"triage_form": form})
    data = form.cleaned_data
    try:
        match data["decision"]:
            case "accepter":
                tri.sollicitation_accept(
                    sollicitation=obj,
                    referent=data["referent"],
                    conseillers=data["conseillers"],
                    partenaires=data["partenaires"],
                    actor=request.user,
                    message=data["message"],
                )
                messages.success(request, f"Sollicitation acceptée, référent : {data['referent']}.")
            case "rediriger":
                tri.sollicitation_redirect(
                    sollicitation=obj,
                    partenaire=data["redirigee_vers"],
                    message=data["message"],
                    actor=request.user,
                )
                messages.success(request, "Sollicitation redirigée ; la collectivité est prévenue.")
            case "decliner":
                tri.sollicitation_decline(
                    sollicitation=obj, message=data["message"], actor=request.user
                )
                messages.success(request, "Sollicitation déclinée ; la collectivité est prévenue.")
            case "fusionner":
                tri.sollicitation_merge(
                    sollicitation=obj,
                    cible=data["cible_obj"],
                    actor=request.user,
                    message=data["message"],
                )
                messages.success(
                    request, "Sollicitation fusionnée avec la sollicitation conservée."
                )
    except ValidationError as error:
        form.add_error(None, error)
        return render_with_errors(request, obj, {"triage_form": form})
    return back_to(obj)


@require_POST
@object_rule_required("ingenierie.take_sollicitation", get_sollicitation)
def sollicitation_prendre_en_charge(request, sollicitation_id, obj):
    if obj.statut != obj.Statut.NOUVELLE:
        messages.error(request, f"La sollicitation {obj.numero} est déjà triée.")
        return back_to(obj)
    tri.sollicitation_take(sollicitation=obj, actor=request.user)
    messages.success(request, f"Vous êtes le référent de la sollicitation {obj.numero}.")
    return back_to(obj)


@require_POST
@object_rule_required("ingenierie.triage_sollicitation", get_sollicitation)
def sollicitation_affecter(request, sollicitation_id, obj):
    form = AffectationForm(request.POST, staff_users=selectors.mission_staff_users())
    if not form.is_valid():
        return render_with_errors(request, obj, {"affectation_form": form})
    tri.sollicitation_assign(
        sollicitation=obj,
        referent=form.cleaned_data["referent"],
        conseillers=form.cleaned_data["conseillers"],
        partenaires=form.cleaned_data["partenaires"],
        actor=request.user,
        reason=form.cleaned_data["motif"],
    )
    messages.success(request, f"Référent : {form.cleaned_data['referent']}.")
    return back_to(obj)
