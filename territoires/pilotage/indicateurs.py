"""Indicators by commune: what the pilotage's maps draw, one value per INSEE code.

Each indicator reads its module through one grouped selector (a number of queries that does
not grow with the communes) and says what it counts. `public` ones are shown to everyone;
the others only in the full view (`pilotage.rules.VUE_COMPLETE`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from territoires.aides.selectors.territoires import subventions_par_commune
from territoires.ingenierie.selectors import sollicitations_par_commune
from territoires.opendata.selectors import datasets_published_per_commune
from territoires.participation.selectors import projets_par_commune


@dataclass(frozen=True)
class Periode:
    """Calendar years, both included."""

    depuis: int
    jusqu_a: int

    @classmethod
    def annee(cls, annee: int) -> "Periode":
        return cls(depuis=annee, jusqu_a=annee)

    def __post_init__(self):
        if self.depuis > self.jusqu_a:
            raise ValueError("La période commence après sa fin.")

    @property
    def libelle(self) -> str:
        if self.depuis == self.jusqu_a:
            return str(self.depuis)
        return f"de {self.depuis} à {self.jusqu_a}"


@dataclass(frozen=True)
class Indicateur:
    cle: str
    libelle: str
    unite: str
    module: str
    public: bool
    par_commune: Callable[[Periode], dict[str, float | int | None]]
    definition: str


def _demandes(periode: Periode) -> dict:
    return sollicitations_par_commune(depuis=periode.depuis, jusqu_a=periode.jusqu_a)


def _subventions(periode: Periode) -> dict:
    return subventions_par_commune(depuis=periode.depuis, jusqu_a=periode.jusqu_a)


def _montant_accorde(periode: Periode) -> dict:
    return {code: float(v["montant"]) for code, v in _subventions(periode).items()}


def _dossiers_votes(periode: Periode) -> dict:
    return {code: v["n"] for code, v in _subventions(periode).items()}


def _projets(periode: Periode) -> dict:
    return projets_par_commune(depuis=periode.depuis, jusqu_a=periode.jusqu_a)


def _jeux(periode: Periode) -> dict:
    # Datasets are counted as they are today: a catalogue has no history by year.
    return datasets_published_per_commune()


INDICATEURS: dict[str, Indicateur] = {
    i.cle: i
    for i in (
        Indicateur(
            cle="ingenierie.demandes",
            libelle="Demandes d'ingénierie",
            unite="demandes",
            module="ingenierie",
            public=True,
            par_commune=_demandes,
            definition="Demandes d'accompagnement déposées dans la période qui concernent la "
            "commune.",
        ),
        Indicateur(
            cle="aides.montant_accorde",
            libelle="Subventions accordées",
            unite="€",
            module="aides",
            public=True,
            par_commune=_montant_accorde,
            definition="Montant des subventions attribuées par une décision de la période aux "
            "organisations de la commune.",
        ),
        Indicateur(
            cle="aides.dossiers_votes",
            libelle="Dossiers d'aide votés",
            unite="dossiers",
            module="aides",
            public=True,
            par_commune=_dossiers_votes,
            definition="Dossiers des organisations de la commune attribués par une décision de "
            "la période.",
        ),
        Indicateur(
            cle="participation.projets",
            libelle="Projets du budget participatif",
            unite="projets",
            module="participation",
            public=True,
            par_commune=_projets,
            definition="Projets situés dans la commune, des campagnes dont le vote s'est ouvert "
            "dans la période.",
        ),
        Indicateur(
            cle="donnees.jeux",
            libelle="Jeux de données publiés",
            unite="jeux",
            module="donnees",
            public=True,
            par_commune=_jeux,
            definition="Jeux de données publiés aujourd'hui par les organisations de la commune.",
        ),
    )
}


def indicateur(cle: str) -> Indicateur:
    """The indicator `cle` (KeyError when unknown: a 404 in the views)."""
    return INDICATEURS[cle]
