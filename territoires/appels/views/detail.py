"""What the page of a candidature shows, to the candidate, the jury and the service."""

from django.urls import reverse

from territoires.core.selectors import journal_for

from .. import selectors
from ..forms import CandidatureForm, DecisionForm, NoteForm
from ..models import Candidature
from .common import LISTE


def _note_form(request, obj, note, note_form):
    if note_form is not None:
        return note_form
    initial = {}
    if note is not None:
        initial = {f"critere_{v.critere_id}": v.valeur for v in note.valeurs.all()}
        initial["commentaire"] = note.commentaire
    return NoteForm(initial=initial, appel=obj.appel, criteres=obj.appel.criteres.all())


def candidature_context(
    request, obj: Candidature, *, form=None, note_form=None, decision_form=None
):
    user = request.user
    appel = obj.appel
    reponses = selectors.reponses_for(obj)
    modifiable = user.has_perm("appels.change_candidature", obj)
    if modifiable and form is None:
        form = CandidatureForm(
            initial={"titre": obj.titre}, questions=appel.questions.all(), reponses=reponses
        )
    noter = user.has_perm("appels.noter_candidature", obj) and not obj.est_decidee
    ma_note = (
        selectors.note_de(obj, user)
        if noter or user.has_perm("appels.noter_candidature", obj)
        else None
    )
    gerer = user.has_perm("appels.gerer_appel", appel)
    jury_ou_service = gerer or user.has_perm("appels.noter_candidature", obj)
    notes = selectors.notes_visibles(obj, user) if jury_ou_service else []
    criteres = list(appel.criteres.all())
    context = {
        "candidature": obj,
        "appel": appel,
        "form": form,
        "modifiable": modifiable,
        "ouvert": appel.est_ouvert(),
        "delai": selectors.delai_label(appel),
        "questions": [(q, reponses.get(q.pk)) for q in appel.questions.all()],
        "noter": noter,
        "ma_note": ma_note,
        "note_form": _note_form(request, obj, ma_note, note_form) if noter else None,
        "jury_ou_service": jury_ou_service,
        "notes": [(n, selectors.note_ponderee(n, criteres)) for n in notes],
        "notes_masquees": jury_ou_service and not notes and obj.notes.exists(),
        "ligne": selectors.ligne_de(obj, user) if jury_ou_service and notes else None,
        "decider": user.has_perm("appels.decider_candidature", obj) and not obj.est_decidee,
        "decision_form": decision_form or DecisionForm(),
        "lettre": user.has_perm("appels.view_lettre", obj),
        "convertir": user.has_perm("appels.convertir_candidature", obj)
        and obj.statut == Candidature.Statut.RETENUE,
        "journal": journal_for(obj)
        if gerer or modifiable or user.has_perm("appels.view_lettre", obj)
        else [],
        "breadcrumb_items": [
            (LISTE, reverse("appels:liste")),
            (appel.titre, appel.get_absolute_url()),
            (obj.titre, None),
        ],
    }
    if form is not None and form.errors:
        context["page_has_errors"] = True
    for other in (note_form, decision_form):
        if other is not None and other.errors:
            context["page_has_errors"] = True
    return context
