"""The request's page, and the helpers of the views that post to it (back to the page, or the
page again with a form in error)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from territoires.core.access import object_rule_required
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transitions_available

from .. import selectors
from ..agence.sections import devis_context
from ..forms import (
    ActionForm,
    AffectationForm,
    DocumentForm,
    EtapeForm,
    LienForm,
    NoteForm,
    SuiviForm,
    TriageForm,
)
from ..models import Action, Sollicitation


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def get_sollicitation(request, sollicitation_id):
    try:
        return selectors.sollicitation_get(sollicitation_id)
    except Sollicitation.DoesNotExist as exc:
        raise Http404 from exc


def get_action(request, action_id):
    return get_object_or_404(Action.objects.select_related("sollicitation"), pk=action_id)


def is_staff(request) -> bool:
    return request.user.has_perm("ingenierie.view_queue")


def detail_context(request, sollicitation, *, devis_bound_forms: dict | None = None) -> dict:
    user = request.user
    staff = user.has_perm("ingenierie.view_private", sollicitation)
    context = {
        "sollicitation": sollicitation,
        "staff": staff,
        "actions": selectors.actions_for(sollicitation),
        "notes": selectors.notes_for(sollicitation, user=user),
        "documents": documents_for(sollicitation),
        "liens": sollicitation.liens.select_related("content_type"),
        "suivi_form": SuiviForm(),
        "peut_suivre": user.has_perm("ingenierie.follow_action", sollicitation),
        "document_form": DocumentForm(staff=staff),
        "note_form": NoteForm(staff=False),
        "documents_internes": selectors.documents_internes_for(sollicitation) if staff else None,
        "etapes": [label for _, label in Sollicitation.Etape.choices],
        "etape_courante": (
            list(Sollicitation.Etape.values).index(sollicitation.etape) + 1
            if sollicitation.etape
            else 0
        ),
        "journal": journal_for(sollicitation) if staff else None,
        "breadcrumb_items": [
            (
                "Sollicitations",
                reverse("ingenierie:file" if staff else "ingenierie:mes_sollicitations"),
            ),
            (sollicitation.numero, None),
        ],
        "triage_form": None,
        "peut_prendre_en_charge": (
            sollicitation.statut == Sollicitation.Statut.NOUVELLE
            and user.has_perm("ingenierie.take_sollicitation", sollicitation)
        ),
    }
    context.update(devis_context(request, sollicitation, bound=devis_bound_forms))
    if staff:
        if (
            user.has_perm("ingenierie.triage_sollicitation", sollicitation)
            and sollicitation.statut == Sollicitation.Statut.NOUVELLE
        ):
            context["triage_form"] = TriageForm(
                sollicitation=sollicitation, staff_users=selectors.mission_staff_users()
            )
        if (
            user.has_perm("ingenierie.triage_sollicitation", sollicitation)
            and sollicitation.est_ouverte
            and sollicitation.referent_id
        ):
            context["affectation_form"] = AffectationForm(
                staff_users=selectors.mission_staff_users(),
                initial={
                    "referent": sollicitation.referent_id,
                    "conseillers": list(sollicitation.conseillers.all()),
                    "partenaires": list(sollicitation.partenaires.all()),
                },
            )
        context.update(
            etape_form=EtapeForm(initial={"etape": sollicitation.etape}),
            note_form=NoteForm(),
            action_form=ActionForm(),
            lien_form=LienForm(),
            transitions=[
                (name, label)
                for name, label in transitions_available(obj=sollicitation, user=user)
                if name not in Sollicitation.TRANSITIONS_DE_TRI
            ],
        )
    return context


@object_rule_required("ingenierie.view_sollicitation", get_sollicitation)
def sollicitation_detail(request, sollicitation_id, obj):
    return render(request, "ingenierie/sollicitation_detail.html", detail_context(request, obj))


def back_to(sollicitation, anchor=""):
    return redirect(sollicitation.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def render_with_errors(request, sollicitation, forms):
    """Render the page again with the form in error, keeping what was typed."""
    context = detail_context(
        request, sollicitation, devis_bound_forms=forms.pop("devis_bound_forms", None)
    )
    context.update(forms, page_has_errors=True)
    return render(request, "ingenierie/sollicitation_detail.html", context, status=400)
