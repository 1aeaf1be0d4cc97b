"""Rounding, percentages and the statistical secret shared by every figure."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Value

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))


def bornes(annee: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(annee, 1, 1), datetime.date(annee + 1, 1, 1)


def nombre(value) -> int | float:
    """Hours for JSON: an integer when whole, else two decimals."""
    value = Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


def pct(part, total, decimales: str = "0.1") -> float | None:
    if not total:
        return None
    return float((Decimal(part) * 100 / Decimal(total)).quantize(Decimal(decimales), ROUND_HALF_UP))


CLES_EFFECTIFS = (
    "participants",  # also the column of par_type_contrat and par_critere
    "entreprises",
    "entreprises_annee_precedente",
    "entreprises_departement",
    "entreprises_moins_20",
    "entreprises_moins_5",
    "participants_annee_precedente",
    "femmes",
    "participants_contrats_longs",
    "participants_contrats_longs_annee_precedente",
    "participants_plusieurs_chantiers",
)

#: Figures derived from a count of people: hidden with it.
DERIVES = {
    "residents_departement_pct": "participants",
    "participants_contrats_longs_pct": "participants_contrats_longs",
    "participants_plusieurs_chantiers_pct": "participants_plusieurs_chantiers",
    "heures_par_participant": "participants",
    "heures_par_participant_annee_precedente": "participants_annee_precedente",
}


def masque(valeur, seuil: int):
    return None if valeur and 0 < valeur < seuil else valeur


def masquer_petits_effectifs(bilan: dict, *, seuil: int) -> dict:
    """Counts of people or companies from 1 to seuil − 1 become None (secret statistique).

    The masked report says which threshold applied (`seuil_secret_statistique`).
    """
    bilan = dict(bilan, seuil_secret_statistique=seuil)
    for cle in CLES_EFFECTIFS:
        bilan[cle] = masque(bilan[cle], seuil)
    for derive, effectif in DERIVES.items():
        if bilan[effectif] is None:
            bilan[derive] = None
    bilan["par_type_contrat"] = [
        {**row, "participants": masque(row["participants"], seuil)}
        for row in bilan["par_type_contrat"]
    ]
    bilan["par_critere"] = [
        {**row, "participants": masque(row["participants"], seuil)} for row in bilan["par_critere"]
    ]
    return bilan
