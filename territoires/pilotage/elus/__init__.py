"""Elected officials: what they follow, their home page, their weekly digest (reads).

- `communes_suivies(suivi)`: the INSEE codes of the communes an official follows (their
  canton's, or the list an administrator set);
- `accueil(suivi, depuis=…)`: what their home page shows (their territory at a glance, the
  news since their last visit, the next commission sessions with their territory's dossiers)
  and, apart, their delegation's module over the whole Département (`elus/delegation.py`).

Writes (last visit, digest setting, digest sent) are in `pilotage/services/elus.py`.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from territoires.aides.selectors.territoires import sessions_a_venir
from territoires.comptes.selectors import elus_departementaux

from ..models import SuiviElu
from ..territoire import liens_permis
from .delegation import delegation_resume
from .territoire import resume_territoire


def suivi_for(user) -> SuiviElu | None:
    """The territory `user` follows, with its canton, or None if none was set yet."""
    return SuiviElu.objects.select_related("canton").filter(user=user).first()


def communes_suivies(suivi: SuiviElu | None) -> list[str]:
    """INSEE codes of the followed communes (one query), sorted; a delegation is apart."""
    if suivi is None:
        return []
    if suivi.canton_id:
        communes = suivi.canton.communes.all()
    else:
        communes = suivi.communes.all()
    return sorted(set(communes.values_list("code", flat=True)))


def territoire_libelle(suivi: SuiviElu | None) -> str:
    """« le canton de Lectoure-Lomagne », « les communes suivies »."""
    if suivi is None:
        return "aucun territoire"
    if suivi.canton_id:
        return f"le canton de {suivi.canton.nom}"
    return "les communes suivies"


def accueil(
    suivi: SuiviElu | None, *, depuis: datetime.datetime | None, today: datetime.date | None = None
) -> dict:
    """What the elected official's home page and weekly digest show."""
    today = today or timezone.localdate()
    codes = communes_suivies(suivi)
    resume = (
        resume_territoire(
            communes=codes, annee=today.year, depuis=depuis.date() if depuis else None
        )
        if codes
        else None
    )
    if resume:
        resume["nouveautes"] = liens_permis(resume["nouveautes"], suivi.user)
    return {
        "suivi": suivi,
        "communes": codes,
        "territoire": territoire_libelle(suivi),
        "annee": today.year,
        "depuis": depuis,
        "resume": resume,
        "seances": sessions_a_venir(today=today, communes=codes) if codes else [],
        "delegation": delegation_resume(suivi, depuis=depuis, today=today),
    }


def a_signaler(contexte: dict) -> bool:
    """Whether `accueil()`'s `contexte` has something new to tell: news of the territory or of
    the delegation, or a dossier on the agenda of the next sessions. The weekly digest is not
    sent without it (no empty e-mail)."""
    delegation = contexte["delegation"] or {}
    resume = contexte["resume"] or {}
    seances = contexte["seances"] + delegation.get("seances", [])
    return bool(
        resume.get("nouveautes")
        or delegation.get("nouveautes")
        or any(seance["dossiers"] for seance in seances)
    )


def elus_sans_territoire() -> list:
    """The elected officials who follow nothing yet (no canton, commune nor delegation), for
    the administrators' home page: two queries."""
    suivis = {
        s.user_id: s
        for s in SuiviElu.objects.filter(user__in=elus_departementaux()).annotate(
            nb_communes=Count("communes")
        )
    }
    return [
        user
        for user in elus_departementaux()
        if (s := suivis.get(user.pk)) is None or not (s.canton_id or s.delegation or s.nb_communes)
    ]


def elus_administration() -> list[dict]:
    """Every elected official with what they follow, for the administrators' page: `user`,
    `suivi` (or None), `canton`, `communes` (names, sorted), `delegation` (label). Three
    queries whatever the number of officials and communes."""
    suivis = {
        s.user_id: s
        for s in SuiviElu.objects.filter(user__in=elus_departementaux())
        .select_related("canton")
        .prefetch_related("communes")
    }
    lignes = []
    for user in elus_departementaux():
        suivi = suivis.get(user.pk)
        lignes.append(
            {
                "user": user,
                "suivi": suivi,
                "canton": suivi.canton if suivi else None,
                "communes": sorted(c.nom for c in suivi.communes.all()) if suivi else [],
                "delegation": suivi.get_delegation_display() if suivi and suivi.delegation else "",
            }
        )
    return lignes
