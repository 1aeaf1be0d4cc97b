"""Vote: ballot checked against the rules, register and ballot box, public counters, shuffle."""

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
from .bulletins_compacts import groupes_replace
from .campagnes import hors_departement
from .votants import IdentiteVotant, tranche_age


class DejaVote(ValidationError):
    """This person (or this code) has already voted in this campaign."""


def participation_increment(*, campagne: Campagne, dimension: str, valeur: str) -> None:
    """One more voter in a public counter (created at its first voter)."""
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
    """Check each ballot against the rules of its enveloppe; returns {enveloppe: pks}."""
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
    """Write the person in the register and put their ballots in the box, or nothing.

    The unique constraint (campagne, empreinte) of the register makes a person vote only
    once, online or on paper, even when a hundred requests arrive together.
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
            # Random order, random ids, the day only: nothing links these rows to the one in
            # the register (see ADR 0008, and `urne_shuffle`).
            bulletins = [
                Bulletin(enveloppe=env, jour=jour, choix=pks) for env, pks in propres.items()
            ]
            random.SystemRandom().shuffle(bulletins)
            Bulletin.objects.bulk_create(bulletins)
            compteurs = {
                Participation.Dimension.TOTAL: "total",
                Participation.Dimension.CANAL: canal,
                Participation.Dimension.AGE: tranche_age(age),
                Participation.Dimension.COMMUNE: commune.code if commune else "",
            }
            for dimension, valeur in compteurs.items():
                participation_increment(campagne=campagne, dimension=dimension, valeur=valeur)
    except IntegrityError as exc:
        raise DejaVote("Cette personne a déjà voté pour cette campagne.") from exc


def vote_submit(
    *, campagne: Campagne, identite: IdentiteVotant, canal: str, choix: dict[int, list[int]]
) -> None:
    """The ballots of an identified voter (`votant_identify`), by the given channel.

    A youth voting code votes in the youth enveloppes only; its other choices are dropped.
    """
    if identite.code is not None and identite.code.jeunes:
        jeunes = set(
            campagne.enveloppes.filter(type=EnveloppeCampagne.Type.JEUNES).values_list(
                "pk", flat=True
            )
        )
        choix = {k: v for k, v in choix.items() if k in jeunes}
    vote_cast(
        campagne=campagne,
        empreinte=identite.empreinte,
        canal=canal,
        choix=choix,
        age=identite.age,
        commune=identite.commune,
        code=identite.code,
    )


@transaction.atomic
def urne_shuffle(*, campagne: Campagne) -> int:
    """Rewrite the ballot box in a random order with new ids.

    Erases the physical order and the insertion transaction numbers (PostgreSQL `xmin`,
    `ctid`; SQLite `rowid`) that could bring a ballot close to its row in the register.
    """
    anciens = list(
        Bulletin.objects.filter(enveloppe__campagne=campagne).values(
            "enveloppe_id", "jour", "choix"
        )
    )
    random.SystemRandom().shuffle(anciens)
    Bulletin.objects.filter(enveloppe__campagne=campagne).delete()
    Bulletin.objects.bulk_create([Bulletin(**b) for b in anciens], batch_size=2000)
    # The groups are rewritten too: their rows were last written by a vote.
    groupes_replace(campagne=campagne, bulletins=((b["enveloppe_id"], b["choix"]) for b in anciens))
    return len(anciens)
