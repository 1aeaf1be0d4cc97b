"""Participants (facilitator only, every access journaled)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for

from ..filters import ParticipantFilter
from ..models import (
    Participant,
)
from ..selectors.participants import participants_list
from ..services.participants import participant_consultation_log, participants_consultation_log
from .base import accueil_crumb, filtered_page, search_text


def _participant(request, participant_id):
    return get_object_or_404(Participant, pk=participant_id)


@rule_required("clauses.view_participants")
def participant_list(request):
    filterset, page_obj = filtered_page(
        request, ParticipantFilter, participants_list(), per_page=50
    )
    participants_consultation_log(participants=list(page_obj.object_list), user=request.user)
    return render(
        request,
        "clauses/participant_list.html",
        {
            "page_obj": page_obj,
            "q": search_text(filterset),
            "filterset": filterset,
            "breadcrumb_items": [accueil_crumb(), ("Participants", None)],
        },
    )


@object_rule_required("clauses.view_participants", _participant)
def participant_detail(request, participant_id, obj: Participant):
    participant_consultation_log(participant=obj, user=request.user)
    contrats = obj.contrats.select_related("entreprise").prefetch_related("lots__marche")
    heures = obj.heures.select_related("lot__marche").order_by("mois", "lot_id")
    return render(
        request,
        "clauses/participant_detail.html",
        {
            "participant": obj,
            "contrats": contrats,
            "heures": heures,
            "evenements": journal_for(obj)[:20],
            "breadcrumb_items": [
                accueil_crumb(),
                ("Participants", reverse("clauses:participants")),
                (obj.identifiant, None),
            ],
        },
    )
