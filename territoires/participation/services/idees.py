"""Idées: submission (online or on paper), the resident's profile, moderation."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from ..models import Campagne, EnveloppeCampagne, Idee, Phase, ProfilCitoyen
from .campagnes import hors_departement


@transaction.atomic
def idee_submit(
    *,
    campagne: Campagne,
    titre: str,
    description: str,
    categorie: str,
    cout_estime: Decimal,
    commune=None,
    lieu: str = "",
    enveloppe: EnveloppeCampagne | None = None,
    auteur=None,
    saisie_par=None,
    nom_auteur: str = "",
    age: int | None = None,
    photos: list | tuple = (),
    commune_auteur=None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Idee:
    """An idée proposed online by `auteur`, or received on paper and typed in by `saisie_par`.

    `age` and `commune_auteur` (the resident's declared profile) decide whether the enveloppe
    is open to them; `commune` locates the idée.
    """
    if campagne.phase != Phase.IDEES:
        raise ValidationError("L'appel à idées n'est pas ouvert.")
    if enveloppe is not None:
        _enveloppe_check(
            campagne=campagne,
            enveloppe=enveloppe,
            age=age,
            commune_auteur=commune_auteur,
            cout_estime=cout_estime,
            commune=commune,
        )
    if auteur is not None and not auteur.email_verifie:
        raise ValidationError("Vérifiez d'abord votre adresse électronique.")
    if auteur is None and not nom_auteur:
        raise ValidationError("Indiquez le nom de la personne qui propose l'idée.")
    idee = Idee.objects.create(
        campagne=campagne,
        enveloppe=enveloppe,
        auteur=auteur,
        saisie_par=saisie_par,
        nom_auteur=nom_auteur,
        titre=titre,
        description=description,
        categorie=categorie,
        cout_estime=cout_estime,
        commune=commune,
        lieu=lieu,
        # A point without its other coordinate locates nothing: both or none.
        latitude=latitude if longitude is not None else None,
        longitude=longitude if latitude is not None else None,
    )
    for fichier in photos:
        idee.photos.add(
            document_upload(
                file=fichier,
                owner_organisation=None,
                uploaded_by=saisie_par or auteur,
                attached_to=idee,
                allowed_types=("jpeg", "png"),
            )
        )
    journal_record(
        obj=idee,
        actor=saisie_par or auteur,
        action="creation",
        description="Idée saisie sur papier" if saisie_par else "Idée déposée",
    )
    return idee


def _enveloppe_check(
    *, campagne, enveloppe: EnveloppeCampagne, age, commune_auteur, cout_estime, commune
) -> None:
    """The rules of the enveloppe an idée is proposed in: age, residence, cost, canton."""
    if enveloppe.campagne_id != campagne.pk:
        raise ValidationError("Enveloppe d'une autre campagne.")
    if age is not None and not enveloppe.age_permis(age, pour="proposer"):
        raise ValidationError(f"Votre âge ne permet pas de proposer dans « {enveloppe.nom} ».")
    if enveloppe.residence_requise and hors_departement(commune_auteur):
        raise ValidationError(f"« {enveloppe.nom} » est réservée aux habitants du Département.")
    if not enveloppe.cout_permis(cout_estime):
        raise ValidationError(
            f"Le coût estimé sort des limites de l'enveloppe « {enveloppe.nom} »."
        )
    if not enveloppe.commune_dans_canton(commune):
        raise ValidationError(
            f"« {enveloppe.nom} » ne finance que des projets situés dans le canton "
            f"{enveloppe.canton.nom} : choisissez une commune de ce canton."
        )


@transaction.atomic
def profil_save(*, user, date_naissance: datetime.date, commune) -> None:
    """The age and commune a resident declares before proposing an idée."""
    if date_naissance >= timezone.localdate():
        raise ValidationError("Date de naissance invalide.")
    ProfilCitoyen.objects.update_or_create(
        user=user, defaults={"date_naissance": date_naissance, "commune": commune}
    )


def idee_auteur_notify(*, idee: Idee, titre: str, texte: str) -> None:
    """Tell the author of an idée (when it has an account) what became of it."""
    if idee.auteur_id:
        notify(
            users=[idee.auteur],
            title=titre,
            body=texte,
            url=f"/budget-participatif/idees/{idee.pk}/",
            category="participation",
        )


@transaction.atomic
def idee_moderate(*, idee: Idee, actor, publier: bool, motif: str = "") -> Idee:
    """Publish the idée, or set it aside with a public reason (its author is told)."""
    if publier:
        transition_apply(obj=idee, transition="publier", actor=actor)
    else:
        if not motif.strip():
            raise ValidationError("Le motif de modération est obligatoire : il est publié.")
        idee.motif_moderation = motif
        transition_apply(obj=idee, transition="moderer", actor=actor, reason=motif)
        idee_auteur_notify(idee=idee, titre="Votre idée n'a pas été publiée", texte=motif)
    return idee
