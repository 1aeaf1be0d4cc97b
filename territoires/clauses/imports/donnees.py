"""What reading and checking give: the checked data, the errors, the unreadable file."""

from dataclasses import dataclass, field


class FichierIllisible(Exception):
    """The file cannot be read as the expected workbook or CSV."""


@dataclass
class Erreur:
    feuille: str
    ligne: int
    message: str

    def as_dict(self) -> dict:
        return {"feuille": self.feuille, "ligne": self.ligne, "message": self.message}


@dataclass
class Donnees:
    """The checked content of a file, ready to be written."""

    donneurs: dict = field(default_factory=dict)  # siret → {nom, categorie}
    marches: dict = field(default_factory=dict)  # (siret, ref) → {objet, date, operation}
    lots: dict = field(default_factory=dict)  # (siret, ref, lot) → {type_clause, heures}
    entreprises: dict = field(default_factory=dict)  # siret → {nom, effectif, commune}
    entreprises_siae: dict = field(default_factory=dict)  # siret → SIAE kind (when given)
    roles: dict = field(default_factory=dict)  # (lot key, siret) → role (when given)
    participants: dict = field(default_factory=dict)  # id → {sexe, annee, commune, criteres}
    contrats: dict = field(default_factory=dict)  # (pid, siret, type, debut) → {fin, lots}
    heures: dict = field(default_factory=dict)  # (contrat key, lot key, mois) → Decimal
