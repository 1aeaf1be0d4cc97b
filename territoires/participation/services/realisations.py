"""Réalisations of the winners: creation, public follow-up, photos, milestones."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.workflow import transition_apply

from ..models import (
    Campagne,
    Jalon,
    PhotoRealisation,
    Realisation,
    Resultat,
)


@transaction.atomic
def realisations_create(*, campagne: Campagne, actor=None) -> int:
    """The winners (with the campaign's counting method) become followed réalisations."""
    n = 0
    for resultat in Resultat.objects.filter(enveloppe__campagne=campagne, methode=campagne.methode):
        for pk in resultat.selectionnes:
            _, cree = Realisation.objects.get_or_create(projet_id=pk)
            n += cree
    journal_record(
        obj=campagne, actor=actor, action="autre", description=f"{n} réalisation(s) créée(s)"
    )
    return n


@transaction.atomic
def realisation_update(
    *,
    realisation: Realisation,
    actor,
    statut: str,
    avancement: int,
    budget_depense: Decimal,
    commentaire: str,
) -> Realisation:
    """The public follow-up of a réalisation; a new `statut` goes through its transition."""
    if not 0 <= avancement <= 100:
        raise ValidationError("L'avancement va de 0 à 100 %.")
    if budget_depense < 0:
        raise ValidationError("Le budget dépensé ne peut être négatif.")
    realisation.avancement = avancement
    realisation.budget_depense = budget_depense
    realisation.commentaire = commentaire
    if statut != realisation.statut:
        transition_apply(
            obj=realisation, transition=_transition_to(realisation, statut), actor=actor
        )
    else:
        realisation.save()
    journal_record(
        obj=realisation, actor=actor, action="modification", description=f"{avancement} %, {statut}"
    )
    return realisation


def _transition_to(realisation: Realisation, statut: str) -> str:
    """The name of the transition that brings `realisation` to `statut`."""
    for transition in realisation.get_available_statut_transitions():
        if transition.target == statut:
            return transition.name
    raise ValidationError(
        "Une réalisation « %(avant)s » ne peut pas passer à « %(apres)s ».",
        params={
            "avant": realisation.get_statut_display(),
            "apres": Realisation.Statut(statut).label
            if statut in Realisation.Statut.values
            else statut,
        },
    )


@transaction.atomic
def realisation_photo_add(
    *, realisation: Realisation, fichier, texte_alternatif: str, legende: str = "", actor
) -> PhotoRealisation:
    """A photo of the progress (JPEG or PNG, checked by their content and size)."""
    if not texte_alternatif.strip():
        raise ValidationError("Décrivez la photo : le texte alternatif est obligatoire.")
    document = document_upload(
        file=fichier,
        owner_organisation=None,
        uploaded_by=actor,
        attached_to=realisation,
        allowed_types=("jpeg", "png"),
    )
    photo = PhotoRealisation.objects.create(
        realisation=realisation,
        document=document,
        texte_alternatif=texte_alternatif.strip(),
        legende=legende.strip(),
    )
    journal_record(obj=realisation, actor=actor, action="modification", description="Photo ajoutée")
    return photo


@transaction.atomic
def jalon_add(
    *, realisation: Realisation, libelle: str, date_prevue: datetime.date, atteint_le=None
) -> Jalon:
    return Jalon.objects.create(
        realisation=realisation, libelle=libelle, date_prevue=date_prevue, atteint_le=atteint_le
    )
