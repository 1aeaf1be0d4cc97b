"""Links from a request to another module's object or to any address."""

from django.db import transaction

from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import Lien, Sollicitation


@transaction.atomic
def lien_add(*, sollicitation: Sollicitation, libelle: str, url: str, actor, objet=None) -> Lien:
    lien = Lien(sollicitation=sollicitation, libelle=libelle.strip(), url=url.strip())
    if objet is not None:
        lien.objet = objet
    lien.save()
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Lien « {lien.libelle} »",
    )
    return lien
