"""Elected officials: what they follow, their home page, their weekly digest (reads).

- `communes_suivies(suivi)`: the INSEE codes of the communes an official follows (their
  canton's, the list an administrator set, or the whole Département for a delegation);
- `accueil(suivi, depuis=…)`: what their home page shows (their territory at a glance, the
  news since their last visit, the next commission sessions with their territory's dossiers).

Writes (last visit, digest setting, digest sent) are in `pilotage/services/elus.py`.
"""

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from territoires.aides.selectors.territoires import sessions_a_venir
from territoires.comptes.selectors import elus_departementaux
from territoires.referentiel.selectors import communes_for_departement

from ..models import SuiviElu
from ..territoire import liens_permis
from .territoire import resume_territoire


def suivi_for(user) -> SuiviElu | None:
    """The territory `user` follows, with its canton, or None if none was set yet."""
    return SuiviElu.objects.select_related("canton").filter(user=user).first()


def communes_suivies(suivi: SuiviElu | None) -> list[str]:
    """INSEE codes of the followed communes (one query), sorted."""
    if suivi is None:
        return []
    if suivi.delegation:
        communes = communes_for_departement(settings.TERRITOIRES_DEPARTEMENT)
    elif suivi.canton_id:
        communes = suivi.canton.communes.all()
    else:
        communes = suivi.communes.all()
    return sorted(set(communes.values_list("code", flat=True)))


def territoire_libelle(suivi: SuiviElu | None) -> str:
    """« le canton de Lectoure-Lomagne », « 12 communes suivies », « la délégation … »."""
    if suivi is None:
        return "aucun territoire"
    if suivi.delegation:
        return f"tout le Département (délégation {suivi.get_delegation_display().lower()})"
    if suivi.canton_id:
        return f"le canton de {suivi.canton.nom}"
    return "les communes suivies"


def accueil(
    suivi: SuiviElu | None, *, depuis: datetime.datetime | None, today: datetime.date | None = None
) -> dict:
    """What the elected official's home page and weekly digest show."""
    today = today or timezone.localdate()
    codes = communes_suivies(suivi)
    tout_le_departement = bool(suivi and suivi.delegation)
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
        "seances": sessions_a_venir(today=today, communes=None if tout_le_departement else codes)
        if codes
        else [],
    }


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
