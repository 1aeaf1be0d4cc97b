"""The online ballot as cards: which enveloppes a voter is offered, and the running meter.

Two forms of ballot (`EnveloppeCampagne.forme_bulletin`): a number of projets at most, or
(as Decidim) within the budget of the enveloppe, optionally reaching a share of it.

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
    def par_budget(self) -> bool:
        return self.enveloppe.par_budget

    @property
    def reste(self) -> Decimal:
        return self.enveloppe.budget - self.total

    @property
    def depasse(self) -> bool:
        if self.par_budget and self.total > self.enveloppe.budget:
            return True
        return self.nombre > self.enveloppe.choix_max

    @property
    def barre_max(self):
        """The end of the bar: the enveloppe's budget, or the number of choices."""
        return self.enveloppe.budget if self.par_budget else self.enveloppe.choix_max

    @property
    def barre_valeur(self):
        mesure = self.total if self.par_budget else self.nombre
        return min(mesure, self.barre_max)

    @property
    def texte(self) -> str:
        """« 2 projets choisis sur 3 au plus (45 000 € de projets ; enveloppe 900 000 €) », or
        by budget « 45 000 € choisis sur 100 000 € : il reste 55 000 € (2 projets) »."""
        env = self.enveloppe
        choisis = "projet choisi" if self.nombre <= 1 else "projets choisis"
        if self.par_budget:
            reste = (
                f"il reste {euros(self.reste)}"
                if self.reste >= 0
                else f"dépassement de {euros(-self.reste)}"
            )
            total = f"{euros(self.total)} choisis sur {euros(env.budget)}"
            return f"{total} : {reste} ({self.nombre} {choisis})"
        return (
            f"{self.nombre} {choisis} sur {env.choix_max} au plus "
            f"({euros(self.total)} de projets ; enveloppe {euros(env.budget)})"
        )

    @property
    def erreur(self) -> str:
        """What is wrong with the choice, in a sentence; "" when it suits the rule."""
        env = self.enveloppe
        if self.par_budget and self.total > env.budget:
            return env.budget_erreur(self.total)
        if self.nombre > env.choix_max:
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
        return env.budget_erreur(self.total) if self.nombre else ""

    def projets_choisis(self) -> list[Projet]:
        return [p for p in self.projets if p.pk in self.choisis]


def bulletin_erreurs(
    enveloppes: list[EnveloppeCampagne],
    projets_par_enveloppe: dict[int, list[Projet]],
    choix: dict[int, list[int]],
) -> dict[int, str]:
    """{enveloppe: what is wrong} for a ballot that breaks the rule of an enveloppe (number
    of choices, budget): what the ballot form refuses, and the recording must refuse too."""
    return {
        j.enveloppe.pk: j.erreur
        for j in jauges(enveloppes, projets_par_enveloppe, choix)
        if j.erreur
    }


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
