"""Participatory budget: campagnes, enveloppes, idées, projets, secret vote, results, follow-up.

One module per aggregate: `campagnes` (and their enveloppes), `idees` (and projets), `vote`
(register, ballot box, codes, counters), `resultats`, `realisations`.
"""

from .campagnes import (
    MESSAGE_FIGE,
    Campagne,
    Departage,
    EnveloppeCampagne,
    FormeBulletin,
    Methode,
    Phase,
    RegleFigee,
    age_le,
)
from .idees import MESSAGE_PROJET_FIGE, Idee, ProfilCitoyen, Projet
from .realisations import Jalon, PhotoRealisation, Realisation
from .resultats import Resultat
from .vote import Bulletin, Canal, CodeVote, GroupeBulletins, Participation, Votant

__all__ = [
    "MESSAGE_FIGE",
    "MESSAGE_PROJET_FIGE",
    "Bulletin",
    "Campagne",
    "Canal",
    "CodeVote",
    "Departage",
    "EnveloppeCampagne",
    "FormeBulletin",
    "GroupeBulletins",
    "Idee",
    "Jalon",
    "Methode",
    "Participation",
    "Phase",
    "PhotoRealisation",
    "ProfilCitoyen",
    "Projet",
    "Realisation",
    "RegleFigee",
    "Resultat",
    "Votant",
    "age_le",
]
