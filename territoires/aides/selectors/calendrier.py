"""Which session a dossier goes to, and its programming year (issue 15, seed 000).

Seed 000: « fin juin (dossiers reçus avant le 1er avril) et fin octobre (dossiers reçus avant
le 1er août) ». The day that counts is the day the dossier became *complete* (`complet_le`),
not its filing day; whether « avant le 1er avril » includes the 1st is the scheme's stated
setting `Dispositif.limite_incluse`. Sessions are rows (`SessionProgrammation`); the yearly
pattern (`ModeleSession`) gives those of a year not generated yet, unsaved here (reads only:
`services.calendrier` saves them).
"""

import datetime

from django.db.models import Q

from ..models import Dispositif, Dossier, ModeleSession, SessionProgrammation


def _after_cut_off(dispositif: Dispositif, date: datetime.date) -> Q:
    if dispositif.limite_incluse:
        return Q(date_limite__gte=date)
    return Q(date_limite__gt=date)


def session_for_filing(dispositif: Dispositif, date: datetime.date) -> SessionProgrammation | None:
    """The first existing session whose cut-off comes after `date` (the day the dossier became
    complete), the cut-off day counted as the scheme says."""
    return (
        SessionProgrammation.objects.filter(_after_cut_off(dispositif, date), dispositif=dispositif)
        .order_by("date_limite", "date_commission")
        .first()
    )


def session_from_pattern(
    dispositif: Dispositif, date: datetime.date
) -> SessionProgrammation | None:
    """The session the yearly pattern gives for `date` (this year's or next year's), unsaved;
    None when the scheme has no pattern."""
    modeles = list(ModeleSession.objects.filter(dispositif=dispositif))
    candidates = []
    for annee in (date.year, date.year + 1):
        for modele in modeles:
            session = modele.session(annee)
            limite = session.date_limite
            if limite > date or (dispositif.limite_incluse and limite == date):
                candidates.append(session)
    return min(candidates, key=lambda s: (s.date_limite, s.date_commission), default=None)


def session_prevue(dispositif: Dispositif, date: datetime.date) -> SessionProgrammation | None:
    """The session a dossier complete on `date` goes to: an existing one, else the one the
    yearly pattern gives (unsaved, created at filing), else None (no session is known: the
    instructor and the commune are told, never silently)."""
    existing = session_for_filing(dispositif, date)
    pattern = session_from_pattern(dispositif, date)
    if existing is None or (pattern is not None and pattern.date_limite < existing.date_limite):
        return pattern
    return existing


def annee_programmation(dispositif: Dispositif, date: datetime.date) -> int:
    """The programming year of a dossier complete on `date`: the year of its session's
    commission (the filing year when no session is known)."""
    session = session_prevue(dispositif, date)
    return session.date_commission.year if session is not None else date.year


def dossiers_meme_periode(
    *, dispositif: Dispositif, organisation, date: datetime.date, periode: str, exclude_pk=None
):
    """The beneficiary's filed dossiers (not closed without follow-up) in the same period as a
    dossier complete on `date`: the same programming year (the year of the session, the
    default), or the same calendar year of filing (`periode == "civile"`). Returns the
    queryset and the year."""
    qs = Dossier.objects.filter(
        dispositif=dispositif, organisation=organisation, statut__in=Dossier.STATUTS_DEPOSES
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if periode == "civile":
        return qs.filter(depose_le__year=date.year), date.year
    annee = annee_programmation(dispositif, date)
    qs = qs.filter(
        Q(session__date_commission__year=annee) | Q(session__isnull=True, depose_le__year=annee)
    )
    return qs, annee
