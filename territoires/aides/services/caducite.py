"""Lapse of grants whose project did not start or finish in time."""

import datetime

from django.db import transaction
from django.utils import timezone

from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from .. import selectors
from ..models import Dossier, ParametreDispositif, Versement
from .common import organisation_members


def _add_months(date: datetime.date, months: int) -> datetime.date:
    month = date.month - 1 + months
    year = date.year + month // 12
    month = month % 12 + 1
    day = min(date.day, 28)
    return datetime.date(year, month, day)


@transaction.atomic
def caducite_check(*, today: datetime.date | None = None, preavis_jours: int = 60) -> dict:
    """Lapse of grants not started (no payment) within `caducite_debut_mois` of notification
    or not finished (not balanced) within `caducite_fin_mois`; the beneficiary is warned
    `preavis_jours` before. Both durations are dated parameters of the scheme."""
    today = today or timezone.localdate()
    result = {"avertis": 0, "caducs": 0}
    candidates = Dossier.objects.filter(
        statut__in=["attribue", "engage", "paye_partiellement"], notifie_le__isnull=False
    ).select_related("dispositif", "organisation")
    for dossier in candidates:
        params = selectors.parametres_for_date(dossier.dispositif, dossier.notifie_le)
        debut = int(params.get(ParametreDispositif.Cle.CADUCITE_DEBUT_MOIS, 0) or 0)
        fin = int(params.get(ParametreDispositif.Cle.CADUCITE_FIN_MOIS, 0) or 0)
        commence = (
            dossier.statut == "paye_partiellement"
            or dossier.versements.filter(statut=Versement.Statut.PAYE).exists()
        )
        echeances = []
        if debut and not commence:
            echeances.append((_add_months(dossier.notifie_le, debut), "commencé"))
        if fin:
            echeances.append((_add_months(dossier.notifie_le, fin), "achevé"))
        for echeance, quoi in echeances:
            if today >= echeance:
                transition_apply(
                    obj=dossier,
                    transition="declarer_caduc",
                    actor=None,
                    reason=f"Projet non {quoi} au {echeance:%d/%m/%Y} (caducité).",
                )
                notify(
                    users=organisation_members(dossier.organisation),
                    title=f"Dossier {dossier.numero} : subvention caduque",
                    body=f"Le projet n'a pas été {quoi} avant le {echeance:%d/%m/%Y}.",
                    url=dossier.get_absolute_url(),
                    category="Aides",
                )
                result["caducs"] += 1
                break
            if today == echeance - datetime.timedelta(days=preavis_jours):
                notify(
                    users=organisation_members(dossier.organisation),
                    title=f"Dossier {dossier.numero} : caducité le {echeance:%d/%m/%Y}",
                    body=f"Sans projet {quoi} à cette date, la subvention deviendra caduque.",
                    url=dossier.get_absolute_url(),
                    category="Aides",
                )
                result["avertis"] += 1
                break
    return result
