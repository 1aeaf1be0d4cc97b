"""Messages between the applicant and the Département on a dossier."""

from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.notifications import notify

from ..models import Dossier, Message
from .common import dossier_instructors, organisation_members


@transaction.atomic
def message_send(*, dossier: Dossier, actor, texte: str, fichiers=()) -> Message:
    du_departement = not any(
        m.organisation_id == dossier.organisation_id for m in actor.membres.actifs()
    )
    message = Message.objects.create(
        dossier=dossier, auteur=actor, texte=texte, du_departement=du_departement
    )
    for fichier in fichiers:
        document_upload(
            file=fichier,
            owner_organisation=dossier.organisation,
            uploaded_by=actor,
            attached_to=message,
        )
    destinataires = (
        dossier_instructors(dossier)
        if not du_departement
        else organisation_members(dossier.organisation)
    )
    notify(
        users=[u for u in destinataires if u.pk != actor.pk],
        title=f"Nouveau message sur le dossier {dossier.numero}",
        body=texte[:200],
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return message
