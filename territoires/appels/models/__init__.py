from .appel import TYPES_CANDIDATS, Appel, Critere, Question
from .candidature import Candidature, Note, NoteCritere, Reponse

__all__ = [
    "TYPES_CANDIDATS",
    "Appel",
    "Candidature",
    "Critere",
    "Note",
    "NoteCritere",
    "Question",
    "Reponse",
]
