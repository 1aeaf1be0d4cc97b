"""Commission sessions: the list, a session's report and vote, programming a dossier."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required

from .. import forms, selectors, services
from ..models import (
    Dossier,
)
from ..services.sessions import session_unvoted_postpone
from .common import (
    error_messages,
    get_dossier,
    get_session,
    run_action,
)


@rule_required("aides.view_session")
def sessions(request):
    today = timezone.localdate()
    return render(
        request,
        "aides/sessions.html",
        {
            "sessions": selectors.sessions_list(today=today),
            "today": today,
            "breadcrumb_items": [("Sessions de programmation", None)],
        },
    )


@object_rule_required("aides.view_session", get_session)
def session_detail(request, session_id, obj):
    session = obj
    groupes = selectors.session_rapport(session)
    programmes = [d for g in groupes for d in g["dossiers"] if d.statut == Dossier.Statut.PROGRAMME]
    peut_voter = request.user.has_perm("aides.voter_session", session)
    aujourd_hui = timezone.localdate()
    vote_form = forms.VoteForm(
        request.POST or None,
        dossiers=programmes,
        # A deliberation is never in the future: before the commission, today is proposed; a
        # session partly voted keeps its deliberation for the dossiers left.
        initial={
            "numero": session.numero_deliberation,
            "date": session.date_deliberation
            or min(filter(None, [session.date_commission, aujourd_hui])),
        },
    )
    if request.method == "POST":
        if not peut_voter:
            raise PermissionDenied
        if vote_form.is_valid():
            try:
                services.session_vote(
                    session=session,
                    actor=request.user,
                    numero=vote_form.cleaned_data["numero"],
                    date=vote_form.cleaned_data["date"],
                    decisions=vote_form.decisions(),
                )
            except ValidationError as exc:
                vote_form.add_error(None, exc)
            else:
                restants = len(programmes) - len(vote_form.decisions())
                messages.success(
                    request,
                    "Vote enregistré."
                    + (
                        f" {restants} dossier(s) non voté(s) : voyez ci-dessous."
                        if restants
                        else ""
                    ),
                )
                return redirect(session.get_absolute_url())
    # After the vote or once the commission has met, what was left undecided is listed.
    close = session.votee or session.date_commission < aujourd_hui
    return render(
        request,
        "aides/session.html",
        {
            "session": session,
            "groupes": groupes,
            "total_propose": sum(g["propose"] for g in groupes),
            "total_dossiers": sum(len(g["dossiers"]) for g in groupes),
            "form": vote_form,
            "peut_voter": peut_voter and bool(programmes),
            "non_votes": programmes if close else [],
            "session_suivante": selectors.session_following(session) if close else None,
            "peut_reporter": peut_voter,
            "breadcrumb_items": [
                ("Sessions de programmation", reverse("aides:sessions")),
                (session.nom, None),
            ],
        },
    )


@require_POST
@object_rule_required("aides.voter_session", get_session)
def session_reporter(request, session_id, obj):
    """The dossiers left unvoted go to the scheme's next session (still programmed)."""
    try:
        suivante, nombre = session_unvoted_postpone(session=obj, actor=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, f"{nombre} dossier(s) reporté(s) à la session « {suivante} ».")
    return redirect(obj.get_absolute_url())


@require_POST
@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_programmer(request, dossier_id, obj):
    form = forms.ProgrammationForm(request.POST)
    form.is_valid()

    def action():
        services.dossier_program(
            dossier=obj, actor=request.user, depassement=form.cleaned_data.get("depassement", "")
        )
        messages.success(request, f"Dossier programmé : {obj.session}.")

    return run_action(request, obj, action)
