"""Vote : contrôle du bulletin, registre et urne, compteurs publics, brassage de l'urne."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import (
    Bulletin,
    Campagne,
    CodeVote,
    EnveloppeCampagne,
    Participation,
    Projet,
    Votant,
)
from .campagnes import hors_departement
from .votants import tranche_age


class DejaVote(ValidationError):
    pass


def participation_increment(campagne: Campagne, dimension: str, valeur: str) -> None:
    if not valeur:
        return
    qs = Participation.objects.filter(campagne=campagne, dimension=dimension, valeur=valeur)
    if qs.update(nombre=F("nombre") + 1):
        return
    try:
        with transaction.atomic():
            Participation.objects.create(
                campagne=campagne, dimension=dimension, valeur=valeur, nombre=1
            )
    except IntegrityError:
        qs.update(nombre=F("nombre") + 1)


def choix_check(
    *, campagne: Campagne, choix: dict[int, list[int]], age: int | None, commune=None
) -> dict:
    """Contrôle chaque bulletin contre les règles de son enveloppe ; rend {enveloppe: pks}."""
    enveloppes = {e.pk: e for e in campagne.enveloppes.select_related("canton")}
    if not choix or not any(choix.values()):
        raise ValidationError("Choisissez au moins un projet.")
    propres: dict[EnveloppeCampagne, list[int]] = {}
    for env_id, pks in choix.items():
        env = enveloppes.get(int(env_id))
        if env is None:
            raise ValidationError("Enveloppe inconnue.")
        pks = sorted({int(p) for p in pks})
        if not pks:
            continue
        if not env.age_permis(age, pour="vote") and age is not None:
            raise ValidationError(f"Votre âge ne permet pas de voter dans « {env.nom} ».")
        if env.residence_requise and hors_departement(commune):
            raise ValidationError(f"« {env.nom} » est réservée aux habitants du Département.")
        if not env.commune_dans_canton(commune):
            raise ValidationError(
                f"« {env.nom} » est réservée aux habitants du canton {env.canton.nom} : "
                "votre commune de résidence n'en fait pas partie."
            )
        if not env.choix_min <= len(pks) <= env.choix_max:
            raise ValidationError(
                f"« {env.nom} » : choisissez entre {env.choix_min} et {env.choix_max} projets."
            )
        valides = set(
            Projet.objects.filter(enveloppe=env, soumis_au_vote=True, pk__in=pks).values_list(
                "pk", flat=True
            )
        )
        if valides != set(pks):
            raise ValidationError(f"« {env.nom} » : projet hors de la liste soumise au vote.")
        propres[env] = pks
    return propres


def vote_cast(
    *,
    campagne: Campagne,
    empreinte: str,
    canal: str,
    choix: dict[int, list[int]],
    age: int | None = None,
    commune=None,
    code: CodeVote | None = None,
) -> None:
    """Inscrit la personne au registre et dépose ses bulletins, ou rien du tout.

    La contrainte d'unicité (campagne, empreinte) du registre fait qu'une personne ne vote
    qu'une fois, en ligne ou sur papier, même si cent demandes arrivent ensemble.
    """
    if not campagne.vote_ouvert:
        raise ValidationError("Le vote n'est pas ouvert.")
    propres = choix_check(campagne=campagne, choix=choix, age=age, commune=commune)
    jour = timezone.localdate()
    try:
        with transaction.atomic():
            if code is not None:
                marque = CodeVote.objects.filter(pk=code.pk, utilise=False).update(utilise=True)
                if not marque:
                    raise DejaVote("Ce code de vote a déjà servi.")
            Votant.objects.create(
                campagne=campagne,
                empreinte=empreinte,
                canal=canal,
                jour=jour,
                tranche_age=tranche_age(age),
                commune=commune,
            )
            # Ordre aléatoire, identifiants aléatoires, jour seulement : rien ne rattache ces
            # lignes à celle du registre (voir ADR 0008, et `urne_shuffle`).
            bulletins = [
                Bulletin(enveloppe=env, jour=jour, choix=pks) for env, pks in propres.items()
            ]
            random.SystemRandom().shuffle(bulletins)
            Bulletin.objects.bulk_create(bulletins)
            participation_increment(campagne, Participation.Dimension.TOTAL, "total")
            participation_increment(campagne, Participation.Dimension.CANAL, canal)
            participation_increment(campagne, Participation.Dimension.AGE, tranche_age(age))
            participation_increment(
                campagne, Participation.Dimension.COMMUNE, commune.code if commune else ""
            )
    except IntegrityError as exc:
        raise DejaVote("Cette personne a déjà voté pour cette campagne.") from exc


@transaction.atomic
def urne_shuffle(*, campagne: Campagne) -> int:
    """Réécrit l'urne dans un ordre aléatoire avec de nouveaux identifiants.

    Efface l'ordre physique et les numéros de transaction d'insertion (PostgreSQL `xmin`,
    `ctid` ; SQLite `rowid`) qui pourraient rapprocher un bulletin de sa ligne du registre.
    """
    anciens = list(
        Bulletin.objects.filter(enveloppe__campagne=campagne).values(
            "enveloppe_id", "jour", "choix"
        )
    )
    random.SystemRandom().shuffle(anciens)
    Bulletin.objects.filter(enveloppe__campagne=campagne).delete()
    Bulletin.objects.bulk_create([Bulletin(**b) for b in anciens], batch_size=2000)
    return len(anciens)
