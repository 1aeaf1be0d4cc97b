"""The resource library."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import Ressource


@transaction.atomic
def ressource_create(
    *,
    titre: str,
    type: str,
    description: str,
    domaines: Iterable,
    url: str = "",
    fichier=None,
    actor,
    organisation=None,
) -> Ressource:
    if not url and fichier is None:
        raise ValidationError("Joignez un fichier ou indiquez un lien.")
    ressource = Ressource.objects.create(titre=titre, type=type, description=description, url=url)
    ressource.domaines.set(domaines)
    if fichier is not None:
        ressource.document = document_upload(
            file=fichier, owner_organisation=organisation, uploaded_by=actor, attached_to=ressource
        )
        ressource.save(update_fields=["document"])
    journal_record(obj=ressource, actor=actor, action=Evenement.Action.CREATION)
    return ressource
