"""Sessions of every year from their yearly pattern, and a dossier's placement in the
session of the day it became complete (issue 15, seed 000; the rule is read in
`selectors.calendrier`)."""

import datetime

from django.db import transaction

from territoires.core.notifications import notify

from .. import selectors
from ..models import Dispositif, Dossier, ModeleSession, SessionProgrammation
from .common import dossier_instructors, organisation_members


@transaction.atomic
def sessions_generate(*, jusqu_a: int, depuis: int, dispositif: Dispositif | None = None) -> int:
    """Create the sessions of the years [depuis, jusqu_a] that the yearly patterns give and
    that do not exist yet (same scheme, cut-off and commission): idempotent. Returns the
    number of sessions created."""
    modeles = ModeleSession.objects.select_related("dispositif")
    if dispositif is not None:
        modeles = modeles.filter(dispositif=dispositif)
    created = 0
    for modele in modeles:
        for annee in range(depuis, jusqu_a + 1):
            created += _session_save(modele.session(annee))[1]
    return created


def _session_save(session: SessionProgrammation) -> tuple[SessionProgrammation, bool]:
    return SessionProgrammation.objects.get_or_create(
        dispositif=session.dispositif,
        date_limite=session.date_limite,
        date_commission=session.date_commission,
        defaults={"nom": session.nom},
    )


def session_place(*, dispositif: Dispositif, date: datetime.date) -> SessionProgrammation | None:
    """The session of a dossier complete on `date`, created from the yearly pattern when it
    does not exist yet; None when no session is known (no pattern, none to come)."""
    session = selectors.session_prevue(dispositif, date)
    if session is not None and session.pk is None:
        session = _session_save(session)[0]
    return session


def session_after(session: SessionProgrammation) -> SessionProgrammation | None:
    """The scheme's next commission after `session` (where an adjourned or unvoted dossier
    goes), created from the yearly pattern when it does not exist yet."""
    suivante = selectors.session_following(session)
    if suivante is None:
        suivante = session_place(dispositif=session.dispositif, date=session.date_commission)
        if suivante is not None and suivante.date_commission <= session.date_commission:
            return None
    return suivante


def dossier_place(*, dossier: Dossier, date: datetime.date) -> SessionProgrammation | None:
    """Set the day the dossier became complete and its session (saved by the caller's
    transition). Without any session to come, the service and the commune are told at once:
    a dossier is never left without a session silently."""
    dossier.complet_le = date
    if dossier.dispositif.par_contrat:
        return dossier.session  # F2D operations are placed at the proposal
    dossier.session = session_place(dispositif=dossier.dispositif, date=date)
    if dossier.session is None:
        body = (
            f"Le dossier est complet depuis le {date:%d/%m/%Y}, mais aucune session de "
            f"programmation du dispositif « {dossier.dispositif} » n'est prévue après cette "
            "date. Le service crée la session (administration, sessions de programmation) "
            "puis y place le dossier."
        )
        notify(
            users=dossier_instructors(dossier) + organisation_members(dossier.organisation),
            title=f"Dossier {dossier.numero} : aucune session prévue",
            body=body,
            url=dossier.get_absolute_url(),
            category="Aides",
        )
    return dossier.session
