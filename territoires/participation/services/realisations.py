"""Réalisations des lauréats : création, suivi, photos, jalons."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.services import document_upload, journal_record

from ..models import (
    Campagne,
    Jalon,
    PhotoRealisation,
    Realisation,
    Resultat,
)


@transaction.atomic
def realisations_create(*, campagne: Campagne, actor=None) -> int:
    """Les lauréats (méthode de la campagne) deviennent des réalisations suivies."""
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
    if not 0 <= avancement <= 100:
        raise ValidationError("L'avancement va de 0 à 100 %.")
    if budget_depense < 0:
        raise ValidationError("Le budget dépensé ne peut être négatif.")
    realisation.statut = statut
    realisation.avancement = avancement
    realisation.budget_depense = budget_depense
    realisation.commentaire = commentaire
    realisation.save()
    journal_record(
        obj=realisation, actor=actor, action="modification", description=f"{avancement} %, {statut}"
    )
    return realisation


@transaction.atomic
def realisation_photo_add(
    *, realisation: Realisation, fichier, texte_alternatif: str, legende: str = "", actor
) -> PhotoRealisation:
    """Une photo de l'avancement (JPEG ou PNG contrôlés par leur contenu et leur taille)."""
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
