"""Clauses sociales : donneurs d'ordre, opérations, marchés, lots, entreprises, participants,
contrats de travail, heures d'insertion mensuelles et activité de la facilitatrice.

Participants are pseudonymous (the facilitator's own identifier); their data are anonymised
a configurable time after their last hours (`services.participants_anonymise`) while the
fields the yearly report reads (sex, criteria, residence in the Département) stay.
"""

from .activite import ConventionAccompagnement, DemandeAccompagnement, Reunion
from .configuration import CRITERES_REFERENTIEL, ConfigurationClauses, Critere, criteres_assurer
from .entreprises import Attribution, Entreprise
from .imports import ImportClauses, ImportDecp
from .marches import (
    DonneurOrdre,
    Lot,
    Marche,
    Operation,
    ajouter_mois,
    heures_calculateur,
)
from .participants import Contrat, HeuresMensuelles, Participant

__all__ = [
    "CRITERES_REFERENTIEL",
    "Attribution",
    "ConfigurationClauses",
    "Contrat",
    "ConventionAccompagnement",
    "Critere",
    "DemandeAccompagnement",
    "DonneurOrdre",
    "Entreprise",
    "HeuresMensuelles",
    "ImportClauses",
    "ImportDecp",
    "Lot",
    "Marche",
    "Operation",
    "Participant",
    "Reunion",
    "ajouter_mois",
    "criteres_assurer",
    "heures_calculateur",
]
