"""The profile of each Département: what its configuration and its demo say of it.

An instance shows only its own Département (`TERRITOIRES_DEPARTEMENT`): the demo loaders
(`*/demo.py`), the aid configuration and the few pages that need an example read the profile
of the configured Département, never a name written in a view. A Département without a
profile gets a neutral one built from the referentiel (its real communes, no other
Département's text): see `neutre.py`.

Pure data: this package imports only the referentiel, so every module may read it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import lazy


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
    #: The aid configuration to build (`territoires.aides.configuration.CONFIGURATIONS`).
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


def profil_du_departement(code: str) -> Profil:
    from . import gers, herault, neutre

    profils = {gers.PROFIL.code: gers.PROFIL, herault.PROFIL.code: herault.PROFIL}
    return profils.get(code) or neutre.profil(code)


def profil_courant() -> Profil:
    """The profile of the configured Département (`TERRITOIRES_DEPARTEMENT`)."""
    return profil_du_departement(settings.TERRITOIRES_DEPARTEMENT)


def _exemple_nom() -> str:
    return profil_courant().exemples[0][1]


def _exemple_noms() -> str:
    return ", ".join(nom for _, nom in profil_courant().exemples[:2])


def _exemple_code() -> str:
    code, nom = profil_courant().exemples[0]
    return f"{code} pour {nom}"


#: Lazy examples of the instance's own communes, for the help texts of the forms: « Lodève »,
#: « Lodève, Gignac », « 34142 pour Lodève ».
exemple_nom = lazy(_exemple_nom, str)
exemple_noms = lazy(_exemple_noms, str)
exemple_code = lazy(_exemple_code, str)
