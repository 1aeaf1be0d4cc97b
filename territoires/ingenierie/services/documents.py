"""Documents on a request: shared with the collectivité, or internal to the mission."""

from django.db import transaction

from territoires.core.documents import document_upload

from ..models import ConfigurationIngenierie, DocumentsInternes, Sollicitation
from .shared import activity_record


@transaction.atomic
def sollicitation_document_add(
    *, sollicitation: Sollicitation, fichier, actor, interne: bool = False
):
    """A document on the request; `interne`: staff only, never shown to the collectivité."""
    if interne:
        dossier, _ = DocumentsInternes.objects.get_or_create(sollicitation=sollicitation)
        document = document_upload(
            file=fichier,
            owner_organisation=ConfigurationIngenierie.courante().mission,
            uploaded_by=actor,
            attached_to=dossier,
        )
    else:
        document = document_upload(
            file=fichier,
            owner_organisation=sollicitation.organisation,
            uploaded_by=actor,
            attached_to=sollicitation,
        )
    activity_record(sollicitation)
    return document
