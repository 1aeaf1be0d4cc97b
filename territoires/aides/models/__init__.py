"""Aides aux collectivités: dispositifs, paramètres datés, sessions, contrats F2D, dossiers,
instruction, actes et versements (issue 4, ADR 0006).

Every rule value (maximum amount, rate, limit per period, session cut-off dates…) is a
configuration row (`ParametreDispositif`, `SessionProgrammation`, `Enveloppe`): nothing of a
Département's policy is a constant in code.

One module per aggregate: `dispositifs` (schemes, dated parameters, granting body),
`sessions` (commission sessions, envelopes), `f2d` (contracts and their operations),
`dossier` (the dossier and its life cycle), `plan` (expenses and financing plan),
`instruction` (requests for documents, notes, opinions, messages), `versements` (payments),
`actes` (act templates and signed acts).
"""

from .actes import ActeSigne, ModeleActe
from .common import ZERO
from .dispositifs import ConfigurationAides, Dispositif, ParametreDispositif, TypeBeneficiaire
from .dossier import CompteurDossiers, Dossier, pieces_manquantes
from .f2d import ContratF2D, OperationContrat
from .instruction import Annotation, DemandeAvis, DemandeComplement, Message
from .pieces import PieceDossier, TypePiece
from .plan import LigneDepense, LigneFinancement
from .sessions import Enveloppe, ModeleSession, SessionProgrammation
from .versements import Versement

__all__ = [
    "ZERO",
    "ActeSigne",
    "Annotation",
    "CompteurDossiers",
    "ConfigurationAides",
    "ContratF2D",
    "DemandeAvis",
    "DemandeComplement",
    "Dispositif",
    "Dossier",
    "Enveloppe",
    "LigneDepense",
    "LigneFinancement",
    "Message",
    "ModeleActe",
    "ModeleSession",
    "OperationContrat",
    "ParametreDispositif",
    "PieceDossier",
    "SessionProgrammation",
    "TypeBeneficiaire",
    "TypePiece",
    "Versement",
    "pieces_manquantes",
]
