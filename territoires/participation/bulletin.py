"""The online ballot as cards: which enveloppes a voter is offered, and the running meter.

Pure reads of the campaign's configuration (age bounds, canton, number of choices, budget of
each enveloppe): nothing here writes. The ballot is cast only by `services.vote.vote_submit`,
once the voter has confirmed the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .formats import euros
from .models import EnveloppeCampagne, Projet
from .services.votants import IdentiteVotant


def enveloppes_offertes(
    enveloppes: list[EnveloppeCampagne], identite: IdentiteVotant
) -> list[EnveloppeCampagne]:
    """The enveloppes this voter may vote in: their age within its bounds, their commune in
    its canton. A voting code carries no age: a youth code opens the youth enveloppes only,
    any other code the others."""
    offertes = []
    for env in enveloppes:
        if identite.age is None:
            jeunes = identite.code is not None and identite.code.jeunes
            if jeunes != (env.type == EnveloppeCampagne.Type.JEUNES):
                continue
        elif not env.age_permis(identite.age, pour="vote"):
            continue
        if env.canton_id and not env.commune_dans_canton(identite.commune):
            continue
        offertes.append(env)
    return offertes


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


@dataclass
class Jauge:
    """Where a voter stands in one enveloppe: projets chosen out of the rule, cost of them."""

    enveloppe: EnveloppeCampagne
    projets: list[Projet]
    choisis: set[int] = field(default_factory=set)

    @property
    def nombre(self) -> int:
        return len(self.choisis)

    @property
    def total(self) -> Decimal:
        return sum((p.cout for p in self.projets if p.pk in self.choisis), Decimal(0))

    @property
    def depasse(self) -> bool:
        return self.nombre > self.enveloppe.choix_max

    @property
    def texte(self) -> str:
        """« 2 projets choisis sur 3 au plus (45 000 € de projets ; enveloppe 900 000 €) »."""
        env = self.enveloppe
        choisis = "projet choisi" if self.nombre <= 1 else "projets choisis"
        return (
            f"{self.nombre} {choisis} sur {env.choix_max} au plus "
            f"({euros(self.total)} de projets ; enveloppe {euros(env.budget)})"
        )

    @property
    def erreur(self) -> str:
        """What is wrong with the choice, in a sentence; "" when it suits the rule."""
        env = self.enveloppe
        if self.depasse:
            de_trop = self.nombre - env.choix_max
            return (
                f"« {env.nom} » : vous avez choisi {_pluriel(self.nombre, 'projet')}, "
                f"{env.choix_max} au plus ; retirez-en {de_trop}."
            )
        if 0 < self.nombre < env.choix_min:
            return (
                f"« {env.nom} » : choisissez au moins {_pluriel(env.choix_min, 'projet')}, "
                "ou aucun."
            )
        return ""

    def projets_choisis(self) -> list[Projet]:
        return [p for p in self.projets if p.pk in self.choisis]


def jauges(
    enveloppes: list[EnveloppeCampagne],
    projets_par_enveloppe: dict[int, list[Projet]],
    choix: dict[int, list[int]],
) -> list[Jauge]:
    """One meter per offered enveloppe, for the choice kept so far."""
    return [
        Jauge(
            enveloppe=env,
            projets=projets_par_enveloppe.get(env.pk, []),
            choisis={int(pk) for pk in choix.get(env.pk, [])},
        )
        for env in enveloppes
    ]
