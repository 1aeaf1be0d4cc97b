"""Signed acts uploaded back on the dossier."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify

from ..models import ActeSigne, Dossier
from .common import organisation_members


@transaction.atomic
def acte_signe_upload(
    *, dossier: Dossier, actor, type: str, fichier, signe_le: datetime.date
) -> ActeSigne:
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    if dossier.decide_le and signe_le < dossier.decide_le:
        raise ValidationError("L'acte ne peut pas être signé avant la décision.")
    acte = ActeSigne.objects.create(dossier=dossier, type=type, depose_par=actor, signe_le=signe_le)
    document_upload(
        file=fichier,
        owner_organisation=dossier.organisation,
        uploaded_by=actor,
        attached_to=acte,
        allowed_types=["pdf"],
    )
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"{acte.get_type_display()} signé le {signe_le:%d/%m/%Y} déposé",
    )
    notify(
        users=organisation_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : {acte.get_type_display().lower()} signé à télécharger",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return acte
