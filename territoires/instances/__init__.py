"""The profile of each Département: what its configuration and its demo say of it.

An instance shows only its own Département (`TERRITOIRES_DEPARTEMENT`): the demo loaders
(`*/demo.py`), the aid configuration and the few pages that need an example read the profile
of the configured Département, never a name written in a view. A Département without a
profile gets a neutral one built from the referentiel (its real communes, no other
Département's text): see `neutre.py`.

Pure data: this package imports only the referentiel, so every module may read it.
"""

from django.conf import settings
from django.utils.functional import lazy

from . import gers, herault, neutre
from .profil import Hypothese, Profil

__all__ = ["Hypothese", "Profil", "profil_courant", "profil_du_departement"]


def profil_du_departement(code: str) -> Profil:
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
