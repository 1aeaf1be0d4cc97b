"""The profile of a Département and the origin of each demo parameter (data only)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hypothese:
    """A demo parameter: its value, and either the seed that states it (with the quotation)
    or nothing, when it is an assumption of the demonstration (shown as such)."""

    libelle: str
    valeur: str
    seed: str = ""
    citation: str = ""

    @property
    def est_hypothese(self) -> bool:
        return not self.seed


@dataclass(frozen=True)
class Profil:
    code: str
    #: « Gers », « Hérault » (the label of the referentiel for a neutral profile).
    nom: str
    #: The aid configuration to build: « gers », « herault » or « neutre »
    #: (`territoires.aides.configuration.configurer`).
    aides: str
    #: (INSEE code, name) of two communes to suggest in fields (« par exemple : Lectoure »).
    exemples: tuple[tuple[str, str], ...]
    #: The demo's workshops: (title, theme, ISO date, place).
    ateliers: tuple[tuple[str, str, str, str], ...]
    #: INSEE codes of the demo accounts' two communes (else the two most populated).
    communes_demo: tuple[str, ...] = ()
    #: Searched name of the demo EPCI (else the first commune's EPCI).
    epci_demo: str = ""
    #: The mission's phone number, shown on the schemes it answers for ("" : none).
    telephone_mission: str = ""
    #: Names of the demo services, by key of `territoires.comptes.demo.SERVICES`, when the
    #: Département names them otherwise.
    noms_services: dict[str, str] = field(default_factory=dict)
    #: (name, category) of the buyers its clauses facilitator follows.
    acheteurs: tuple[tuple[str, str], ...] = ()
    #: Names of the demo companies; the insertion employers (SIAE kind) among them, and those
    #: in the public directory with their activities.
    societes: tuple[str, ...] = ()
    employeurs_insertion: dict[str, str] = field(default_factory=dict)
    annuaire: dict[str, str] = field(default_factory=dict)
    #: The ingénierie agency model (yearly membership, paid services) switched on.
    agence: bool = False
    #: (latitude, longitude) of the middle of the Département, when no contour is shipped.
    centre: tuple[float, float] = (46.6, 2.4)
    #: Settings of the aid configuration (rates, envelopes, rurality…), read by
    #: `territoires.aides.configuration`.
    parametres_aides: dict = field(default_factory=dict)
    #: Where each demo parameter comes from (`docs/demo.md` says the same).
    hypotheses: tuple[Hypothese, ...] = ()
    #: False for the neutral profile built from the referentiel.
    connu: bool = True
