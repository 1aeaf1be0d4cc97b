"""One pass over a year's insertion hours: the figures about people, companies, contracts
and sites of the yearly report.

The hours are grouped in SQL by contract and marché (a contract fixes its participant and
its company), with the few attributes the report reads joined in; Python then counts the
distinct people and companies of each figure from those groups. One hash aggregate replaces
the several COUNT(DISTINCT …) passes that each sorted the year's rows (issue 16: the report
at 2,000,000 rows). The number of queries does not depend on the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from ..models import ConfigurationClauses, HeuresMensuelles
from .chiffres import bornes

#: Two sites or more make a path across several clause sites (seed 004).
PLUSIEURS_CHANTIERS = 2


def duree_mois(debut: datetime.date, fin: datetime.date) -> int:
    """Whole months from the first day to the last day included (1/1 → 30/6: 6 months)."""
    lendemain = fin + datetime.timedelta(days=1)
    mois = (lendemain.year - debut.year) * 12 + lendemain.month - debut.month
    return mois - (1 if lendemain.day < debut.day else 0)


def contrat_long(
    type_contrat: str, debut: datetime.date, fin: datetime.date | None, config
) -> bool:
    """A long contract: a type listed in the configuration, or one lasting at least the
    configured number of months."""
    if type_contrat in config.types_contrats_longs:
        return True
    return fin is not None and duree_mois(debut, fin) >= config.duree_contrat_long_mois


@dataclass
class Parcours:
    """What the year's hours say, as sets and sums (the report turns them into figures)."""

    heures: Decimal = Decimal(0)
    participants: set = field(default_factory=set)
    femmes: set = field(default_factory=set)
    residents: set = field(default_factory=set)
    entreprises: set = field(default_factory=set)
    entreprises_departement: set = field(default_factory=set)
    entreprises_moins_20: set = field(default_factory=set)
    entreprises_moins_5: set = field(default_factory=set)
    contrats_longs: set = field(default_factory=set)  # participants with a long contract
    chantiers: dict = field(default_factory=lambda: defaultdict(set))  # participant → sites
    par_type: dict = field(default_factory=dict)  # type → [participants, hours]
    par_marche: dict = field(default_factory=lambda: defaultdict(Decimal))  # marché → hours

    @property
    def plusieurs_chantiers(self) -> int:
        return sum(1 for sites in self.chantiers.values() if len(sites) >= PLUSIEURS_CHANTIERS)


COLONNES = (
    "contrat_id",
    "lot__marche_id",
    "lot__marche__operation_id",
    "participant_id",
    "participant__sexe",
    "participant__reside_departement",
    "entreprise_id",
    "entreprise__effectif",
    "entreprise__commune__departement__code",
    "contrat__type_contrat",
    "contrat__date_debut",
    "contrat__date_fin",
)


def parcours_de_l_annee(annee: int, config: ConfigurationClauses | None = None) -> Parcours:
    """The year's hours grouped by contract and marché: one query."""
    config = config or ConfigurationClauses.courante()
    departement = settings.TERRITOIRES_DEPARTEMENT
    debut, fin = bornes(annee)
    groupes = (
        HeuresMensuelles.objects.filter(mois__gte=debut, mois__lt=fin)
        .values_list(*COLONNES)
        .annotate(h=Sum("heures"))
        .order_by()
    )
    p = Parcours()
    longs: dict[int, bool] = {}
    for (
        contrat, marche, operation, participant, sexe, reside, entreprise, effectif,
        code_departement, type_contrat, date_debut, date_fin, heures,
    ) in groupes.iterator(chunk_size=10_000):  # fmt: skip
        p.heures += heures
        p.par_marche[marche] += heures
        p.participants.add(participant)
        p.entreprises.add(entreprise)
        ligne = p.par_type.setdefault(type_contrat, [set(), Decimal(0)])
        ligne[0].add(participant)
        ligne[1] += heures
        # A site is the marché's operation, or the marché itself when it has none.
        p.chantiers[participant].add(operation or -marche)
        if contrat not in longs:
            longs[contrat] = contrat_long(type_contrat, date_debut, date_fin, config)
            if longs[contrat]:
                p.contrats_longs.add(participant)
            _personne(p, participant, sexe, reside)
            _entreprise(p, entreprise, effectif, code_departement == departement)
    return p


def _personne(p: Parcours, participant: int, sexe: str, reside: bool) -> None:
    if sexe == "F":
        p.femmes.add(participant)
    if reside:
        p.residents.add(participant)


def _entreprise(p: Parcours, entreprise: int, effectif: int | None, locale: bool) -> None:
    if locale:
        p.entreprises_departement.add(entreprise)
    if effectif is not None and effectif < 20:
        p.entreprises_moins_20.add(entreprise)
        if effectif < 5:
            p.entreprises_moins_5.add(entreprise)
