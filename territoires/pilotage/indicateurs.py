"""Indicators by commune, the common vocabulary of the pilotage (maps, territory pages, figures).

Frozen interface (issue 13): `Periode`, `Indicateur`, `INDICATEURS`, `indicateur()`.
Each `par_commune(periode)` reads a domain through its selectors, in one query or a small
constant number, and returns INSEE code → value (communes without activity are absent).

By EPCI (`par_epci`), a value is the aggregate of the member communes, as `agregation` says:
- `SOMME`: the sum (counts and amounts of things that belong to one commune);
- `SOMME_MASQUEE`: the sum, masked (None) as soon as one member is masked: otherwise the
  masked value would come back by difference between the EPCI and its other communes;
- `PROPRE`: not a sum (a request on two communes of one EPCI counts once): the domain
  computes it by EPCI itself, `Indicateur.par_epci_domaine`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from territoires.aides.selectors import territoires as aides_selectors
from territoires.clauses import selectors as clauses_selectors
from territoires.ingenierie import selectors as ingenierie_selectors
from territoires.opendata import selectors as opendata_selectors
from territoires.participation import selectors as participation_selectors
from territoires.referentiel import selectors as referentiel_selectors

SOMME = "somme"
SOMME_MASQUEE = "somme_masquee"
PROPRE = "propre"

Valeurs = dict[str, float | int | None]


@dataclass(frozen=True)
class Periode:
    """Civil years, both included."""

    depuis: int
    jusqu_a: int

    @classmethod
    def annee(cls, annee: int) -> "Periode":
        return cls(depuis=annee, jusqu_a=annee)

    def __str__(self) -> str:
        if self.depuis == self.jusqu_a:
            return str(self.depuis)
        return f"{self.depuis}–{self.jusqu_a}"


@dataclass(frozen=True)
class Indicateur:
    cle: str
    libelle: str
    unite: str
    module: str
    public: bool
    # par_commune(periode, codes=None): INSEE code → value, for every commune or for `codes`
    # (only the indicators the comparison reads must take `codes`).
    par_commune: Callable[..., dict[str, float | int | None]]
    definition: str
    agregation: str = SOMME
    # With `agregation=PROPRE`: SIREN → value, computed by the domain.
    par_epci_domaine: Callable[[Periode], Valeurs] | None = None


def _sur_periode(selector: Callable[..., Valeurs]) -> Callable[..., Valeurs]:
    """A domain's `selector(depuis=…, jusqu_a=…[, codes=…])` read over a period."""

    def lire(periode: Periode, codes=None) -> Valeurs:
        restreint = {} if codes is None else {"codes": codes}
        return selector(depuis=periode.depuis, jusqu_a=periode.jusqu_a, **restreint)

    return lire


def _aides(champ: str) -> Callable[[Periode], dict[str, float | int | None]]:
    def par_commune(periode: Periode, codes=None) -> dict[str, float | int | None]:
        rows = aides_selectors.par_commune(
            depuis=periode.depuis, jusqu_a=periode.jusqu_a, codes=codes
        )
        valeurs = {code: row[champ] for code, row in rows.items()}
        return {code: v if isinstance(v, int) else float(v) for code, v in valeurs.items() if v}

    return par_commune


INDICATEURS: dict[str, Indicateur] = {
    i.cle: i
    for i in (
        Indicateur(
            cle="ingenierie.demandes",
            libelle="Demandes d'ingénierie",
            unite="demandes",
            module="ingenierie",
            public=True,
            par_commune=_sur_periode(ingenierie_selectors.sollicitations_par_commune),
            definition=(
                "Demandes d'accompagnement déposées dans la période qui concernent la commune "
                "(doublons fusionnés exclus)."
            ),
            agregation=PROPRE,
            par_epci_domaine=_sur_periode(ingenierie_selectors.sollicitations_par_epci),
        ),
        Indicateur(
            cle="aides.dossiers_votes",
            libelle="Dossiers d'aide votés",
            unite="dossiers",
            module="aides",
            public=True,
            par_commune=_aides("votes"),
            definition=(
                "Dossiers d'aide de la commune attribués par une décision prise dans la période."
            ),
        ),
        Indicateur(
            cle="aides.montant_accorde",
            libelle="Subventions accordées",
            unite="€",
            module="aides",
            public=True,
            par_commune=_aides("accorde"),
            definition=(
                "Montant des subventions attribuées à la commune par une décision prise dans "
                "la période."
            ),
        ),
        Indicateur(
            cle="aides.montant_verse",
            libelle="Subventions versées",
            unite="€",
            module="aides",
            public=False,
            par_commune=_aides("verse"),
            definition="Montant des versements payés à la commune dans la période.",
        ),
        Indicateur(
            cle="participation.projets",
            libelle="Projets de budget participatif",
            unite="projets",
            module="participation",
            public=True,
            par_commune=_sur_periode(participation_selectors.projets_par_commune),
            definition=(
                "Projets soumis au vote situés dans la commune, des campagnes dont le vote "
                "s'est ouvert dans la période."
            ),
        ),
        Indicateur(
            cle="participation.votants",
            libelle="Votants du budget participatif",
            unite="votants",
            module="participation",
            public=True,
            par_commune=_sur_periode(participation_selectors.votants_par_commune),
            definition=(
                "Votants habitant la commune, des campagnes dont le vote s'est ouvert dans "
                "la période (compteurs publics de participation)."
            ),
        ),
        Indicateur(
            cle="donnees.jeux_publies",
            libelle="Jeux de données publiés",
            unite="jeux",
            module="donnees",
            public=True,
            par_commune=_sur_periode(opendata_selectors.datasets_par_commune),
            definition=(
                "Jeux de données de la commune, publiés aujourd'hui, dont la première "
                "publication date de la période."
            ),
        ),
        Indicateur(
            cle="clauses.heures_insertion",
            libelle="Heures d'insertion",
            unite="heures",
            module="clauses",
            public=True,
            par_commune=_sur_periode(clauses_selectors.heures_par_commune),
            definition=(
                "Heures d'insertion réalisées dans la période sur les marchés des acheteurs "
                "situés dans la commune (masquées quand trop peu de personnes y ont travaillé, "
                "comme dans le bilan des clauses)."
            ),
            agregation=SOMME_MASQUEE,
        ),
    )
}


def indicateur(cle: str) -> Indicateur:
    """The indicator `cle`; KeyError if unknown (the views answer 404)."""
    return INDICATEURS[cle]


def par_epci(choisi: Indicateur, periode: Periode) -> Valeurs:
    """SIREN → value of `choisi` by EPCI (see `agregation`), a constant number of queries.

    Communes outside any EPCI are left out; an EPCI whose communes have no activity is absent.
    """
    if choisi.agregation == PROPRE:
        if choisi.par_epci_domaine is None:
            raise ValueError(f"{choisi.cle} : agrégation propre sans calcul par EPCI")
        return choisi.par_epci_domaine(periode)
    epci_de = referentiel_selectors.epci_des_communes()
    valeurs: Valeurs = {}
    masques: set[str] = set()
    for code, valeur in choisi.par_commune(periode).items():
        siren = epci_de.get(code)
        if siren is None:
            continue
        if valeur is None:
            masques.add(siren)
            valeurs.setdefault(siren, None)
            continue
        precedente = valeurs.get(siren)
        valeurs[siren] = valeur + (precedente or 0)
    if choisi.agregation == SOMME_MASQUEE:
        valeurs.update(dict.fromkeys(masques))
    return valeurs
