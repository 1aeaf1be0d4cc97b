"""Vote: ballot checked against the rules, register and ballot box, public counters, shuffle."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from territoires.referentiel.models import Commune

from ..models import (
    Bulletin,
    Campagne,
    CodeVote,
    EnveloppeCampagne,
    Participation,
    Projet,
    Votant,
)
from ..scrutin import Scrutin, scrutin_cle
from .bulletins_compacts import groupes_replace
from .votants import IdentiteVotant, tranche_age


class DejaVote(ValidationError):
    """This person (or this code) has already voted in this campaign."""


def participation_increment(*, campagne: Campagne, dimension: str, valeur: str) -> None:
    """One more in an imported counter (a campaign without register, e.g. a bench).

    Never on the vote path: the public figures of a campaign with a register are counted
    from it (`participation/compteurs.py`, ADR 0011).
    """
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


@dataclass(frozen=True)
class Electeur:
    """Who confirms a ballot, as the session keeps it between the steps: no query needed.

    `commune_id` is the commune of residence (None: undeclared), `code_id` the voting code
    that identified them (`code_jeunes`: a youth code, valid in the youth enveloppes only).
    `hors_departement` and `cantons` are what the rules ask of that commune, resolved when
    the identity was given (`vote_etat.identite_save`); None: to be read with the projets.
    """

    empreinte: str
    age: int | None
    commune_id: int | None
    code_id: int | None = None
    code_jeunes: bool = False
    hors_departement: bool | None = None
    cantons: frozenset[int] | None = None

    @property
    def commune_connue(self) -> bool:
        return self.hors_departement is not None and self.cantons is not None


def _projets_choisis(*, filtre: dict, pks: list[int], electeur: Electeur) -> list[Projet]:
    """The chosen projets put to the vote, with their enveloppe and campaign, and, unless the
    session already holds them, what the rules need of the commune (outside the Département?
    in the enveloppe's canton?): one query, the enveloppes read once."""
    # Without the long texts no check reads (the canton's name, in one refusal, is read then).
    qs = (
        Projet.objects.filter(**filtre, soumis_au_vote=True, pk__in=pks)
        .select_related("campagne", "enveloppe")
        .defer("description", "campagne__reglement", "campagne__meta_pabulib")
    )
    commune_id = electeur.commune_id
    # Known facts spare the two EXISTS, half of the confirmation's time (compiling them).
    if commune_id is None or electeur.commune_connue:
        return list(qs)
    hors = Commune.objects.filter(pk=commune_id, departement__isnull=False).exclude(
        departement__code=settings.TERRITOIRES_DEPARTEMENT
    )
    canton = Commune.objects.filter(pk=commune_id, cantons=OuterRef("enveloppe__canton_id"))
    return list(qs.annotate(hors_departement=Exists(hors), dans_canton=Exists(canton)))


def _regles_check(env: EnveloppeCampagne, projet: Projet, electeur: Electeur, n: int) -> None:
    """The rules of an enveloppe for this voter and this number of choices."""
    if electeur.age is not None and not env.age_permis(electeur.age, pour="vote"):
        raise ValidationError(f"Votre âge ne permet pas de voter dans « {env.nom} ».")
    commune = electeur.commune_id is not None
    if electeur.commune_connue:
        hors, dans_canton = electeur.hors_departement, env.canton_id in electeur.cantons
    elif commune:
        hors, dans_canton = projet.hors_departement, projet.dans_canton
    else:
        hors = dans_canton = False
    if env.residence_requise and commune and hors:
        raise ValidationError(f"« {env.nom} » est réservée aux habitants du Département.")
    if env.canton_id is not None and not (commune and dans_canton):
        raise ValidationError(
            f"« {env.nom} » est réservée aux habitants du canton {env.canton.nom} : "
            "votre commune de résidence n'en fait pas partie."
        )
    if not env.choix_min <= n <= env.choix_max:
        raise ValidationError(
            f"« {env.nom} » : choisissez entre {env.choix_min} et {env.choix_max} projets."
        )


def bulletin_check(
    *, choix: dict[int, list[int]], electeur: Electeur, campagne: Campagne | None = None,
    campagne_slug: str = "", scrutin: Scrutin | None = None,
) -> tuple[Campagne | None, dict[EnveloppeCampagne, list[int]]]:  # fmt: skip
    """Check a ballot against the rules of its enveloppes, in one query, or none with the
    frozen ballot of the campaign (`participation/scrutin.py`) and the commune's facts known.

    Returns the campaign (read with the projets when only its slug is given; None when
    nothing valid is chosen) and the sorted pks by enveloppe. A youth code votes in the youth
    enveloppes only: its other choices are dropped.
    """
    voulus = {int(e): sorted({int(p) for p in pks}) for e, pks in choix.items() if pks}
    if not voulus:
        raise ValidationError("Choisissez au moins un projet.")
    pks = [pk for liste in voulus.values() for pk in liste]
    if scrutin is not None and campagne is not None:
        if scrutin_cle(scrutin.campagne) != scrutin_cle(campagne):
            scrutin = None  # a session kept for another campaign of that name
    if scrutin is not None and (electeur.commune_id is None or electeur.commune_connue):
        projets = [scrutin.projets[pk] for pk in pks if pk in scrutin.projets]
        campagne = campagne or scrutin.campagne
    else:
        filtre = {"campagne": campagne} if campagne else {"campagne__slug": campagne_slug}
        projets = _projets_choisis(filtre=filtre, pks=pks, electeur=electeur)
    par_env: dict[int, list[Projet]] = {}
    for p in projets:
        if p.enveloppe_id in voulus and p.pk in voulus[p.enveloppe_id]:
            par_env.setdefault(p.enveloppe_id, []).append(p)
    propres: dict[EnveloppeCampagne, list[int]] = {}
    for env_id, attendus in voulus.items():
        trouves = par_env.get(env_id, [])
        if len(trouves) != len(attendus):
            raise ValidationError("Projet hors de la liste soumise au vote.")
        env = trouves[0].enveloppe
        if electeur.code_jeunes and env.type != EnveloppeCampagne.Type.JEUNES:
            continue
        _regles_check(env, trouves[0], electeur, len(attendus))
        _budget_check(env, trouves)
        propres[env] = attendus
    if not propres:
        raise ValidationError("Choisissez au moins un projet.")
    return (campagne or projets[0].campagne), propres


def _budget_check(env: EnveloppeCampagne, projets: list[Projet]) -> None:
    """A vote within the budget of its enveloppe (« forme du bulletin »): refused at the
    recording too, whatever the pages before let through."""
    if erreur := env.budget_erreur(sum((p.cout for p in projets), Decimal(0))):
        raise ValidationError(erreur)


def _urne_write(*, campagne: Campagne, electeur: Electeur, canal: str, propres: dict) -> None:
    """The register row and the ballots, together or not at all: two INSERTs (three with a
    voting code), no shared row: nothing makes concurrent voters wait for each other."""
    jour = timezone.localdate()
    try:
        with transaction.atomic():
            if electeur.code_id is not None:
                marque = CodeVote.objects.filter(
                    pk=electeur.code_id, campagne=campagne, utilise=False
                ).update(utilise=True)
                if not marque:
                    raise DejaVote("Ce code de vote a déjà servi.")
            Votant.objects.create(
                campagne=campagne,
                empreinte=electeur.empreinte,
                canal=canal,
                jour=jour,
                tranche_age=tranche_age(electeur.age),
                commune_id=electeur.commune_id,
            )
            # Random order, random ids, the day only: nothing links these rows to the one in
            # the register (see ADR 0008, and `urne_shuffle`).
            bulletins = [
                Bulletin(enveloppe=env, jour=jour, choix=pks) for env, pks in propres.items()
            ]
            random.SystemRandom().shuffle(bulletins)
            Bulletin.objects.bulk_create(bulletins)
    except IntegrityError as exc:
        raise DejaVote("Cette personne a déjà voté pour cette campagne.") from exc


def vote_confirm(
    *,
    campagne_slug: str,
    electeur: Electeur,
    canal: str,
    choix: dict[int, list[int]],
    scrutin: Scrutin | None = None,
) -> Campagne:
    """« Confirmer mon vote »: the ballot checked and cast in at most four queries (the
    projets with their enveloppes and campaign, the voting code, the register, the box);
    three with the campaign's frozen ballot already in this process (`scrutin`).

    The public counters are not written: they are counted from the register when read
    (`participation/compteurs.py`, ADR 0011). Raises `ValidationError` (`DejaVote`) when
    nothing was stored.
    """
    if scrutin is not None and scrutin.campagne.slug != campagne_slug:
        scrutin = None  # renamed since: read by its new name
    campagne, propres = bulletin_check(
        choix=choix, electeur=electeur, campagne_slug=campagne_slug, scrutin=scrutin
    )
    if not campagne.vote_ouvert:
        raise ValidationError("Le vote n'est pas ouvert.")
    _urne_write(campagne=campagne, electeur=electeur, canal=canal, propres=propres)
    return campagne


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
    electeur = Electeur(
        empreinte=empreinte,
        age=age,
        commune_id=commune.pk if commune else None,
        code_id=code.pk if code else None,
        code_jeunes=bool(code and code.jeunes),
    )
    _, propres = bulletin_check(campagne=campagne, choix=choix, electeur=electeur)
    _urne_write(campagne=campagne, electeur=electeur, canal=canal, propres=propres)


def vote_submit(
    *, campagne: Campagne, identite: IdentiteVotant, canal: str, choix: dict[int, list[int]]
) -> None:
    """The ballots of an identified voter (`votant_identify`), by the given channel.

    A youth voting code votes in the youth enveloppes only; its other choices are dropped.
    """
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
