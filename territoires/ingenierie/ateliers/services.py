"""Writes of the workshops of the public-procurement network."""

from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from .models import Atelier


@transaction.atomic
def atelier_save(*, form, actor) -> Atelier:
    """Create or edit a workshop from its (valid) form, journaled."""
    is_new = form.instance.pk is None
    atelier = form.save()
    journal_record(
        obj=atelier,
        actor=actor,
        action=Evenement.Action.CREATION if is_new else Evenement.Action.MODIFICATION,
    )
    return atelier


@transaction.atomic
def atelier_join(*, atelier, user, organisation) -> None:
    """A member of a collectivité signs up; their organisation joins the participants."""
    atelier.participants.add(user)
    atelier.organisations.add(organisation)
    journal_record(
        obj=atelier, actor=user, action=Evenement.Action.MODIFICATION,
        description=f"Inscription de {user} ({organisation})",
    )  # fmt: skip


@transaction.atomic
def atelier_document_add(*, atelier, fichier, actor, organisation):
    return document_upload(
        file=fichier, owner_organisation=organisation, uploaded_by=actor, attached_to=atelier
    )
