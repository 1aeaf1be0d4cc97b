"""Budget participatif : campagnes, enveloppes, idées, projets, vote secret, résultats, suivi.

Un module par agrégat : `campagnes`, `idees` (et projets), `vote` (registre, urne, codes,
compteurs), `resultats`, `realisations`.
"""

from .campagnes import (
    MESSAGE_FIGE,
    Campagne,
    Departage,
    EnveloppeCampagne,
    Methode,
    Phase,
    RegleFigee,
    age_le,
)
from .idees import Idee, ProfilCitoyen, Projet
from .realisations import Jalon, PhotoRealisation, Realisation
from .resultats import Resultat
from .vote import Bulletin, Canal, CodeVote, Participation, Votant

__all__ = [
    "MESSAGE_FIGE",
    "Bulletin",
    "Campagne",
    "Canal",
    "CodeVote",
    "Departage",
    "EnveloppeCampagne",
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
