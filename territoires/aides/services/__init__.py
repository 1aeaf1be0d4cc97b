"""Every write of the aides module: one function per action, keyword-only, one transaction.

One module per concern, in the order of a dossier's life: `depot` (the applicant drafts and
files), `numerotation`, `messagerie`, `instruction` (completeness, opinions, proposal, visa),
`sessions` (programming and the commission's vote), `actes` (signed acts), `versements`
(commitment, payment requests, payment, rejection) and `caducite` (lapse). The names below are
re-exported for callers outside the app (commands, tests); the views import the modules.
"""

from .actes import acte_signe_upload
from .caducite import caducite_check
from .common import ConflitDeVersion
from .depot import (
    DossierRefuse,
    dossier_create,
    dossier_document_add,
    dossier_draft_prepare,
    dossier_submit,
    dossier_update,
)
from .instruction import (
    annotation_add,
    avis_answer,
    avis_remind,
    avis_request,
    complement_request,
    dossier_endorse,
    dossier_instruction_start,
    dossier_propose,
    dossier_transition_apply,
    dossier_visa_refuse,
)
from .messagerie import message_send
from .numerotation import numero_allocate
from .sessions import dossier_program, session_vote
from .versements import (
    dossier_engage,
    versement_pay,
    versement_reject,
    versement_request,
)

__all__ = [
    "ConflitDeVersion",
    "DossierRefuse",
    "acte_signe_upload",
    "annotation_add",
    "avis_answer",
    "avis_remind",
    "avis_request",
    "caducite_check",
    "complement_request",
    "dossier_create",
    "dossier_document_add",
    "dossier_draft_prepare",
    "dossier_engage",
    "dossier_instruction_start",
    "dossier_program",
    "dossier_propose",
    "dossier_submit",
    "dossier_transition_apply",
    "dossier_visa_refuse",
    "dossier_update",
    "dossier_endorse",
    "message_send",
    "numero_allocate",
    "session_vote",
    "versement_pay",
    "versement_reject",
    "versement_request",
]
