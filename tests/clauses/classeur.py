"""A generator of test workbooks: random but reproducible rows of the two sheets, written as
XLSX or CSV. Tests compute the expected report totals from these rows, independently of the
module's code."""

import csv
import datetime
import random
from pathlib import Path

from openpyxl import Workbook

from territoires.clauses.imports.colonnes import (
    COLONNES_HEURES,
    COLONNES_HEURES_FACULTATIVES,
    COLONNES_MARCHES,
)
from tests.comptes.factories import valid_siren, valid_siret

CATEGORIES = ["etat", "region", "departement", "epci", "commune", "bailleur", "sante", "autre"]
TYPES_CLAUSE = ["execution", "attribution", "reserve", "insertion"]
TYPES_CONTRAT = [
    "CDD_LONG", "CDI", "CTT", "APPRENTISSAGE", "INTERIM", "ETTI", "SIAE",
    "PROFESSIONNALISATION", "CUI",
]  # fmt: skip
CRITERES = ["DELD", "SENIOR", "QPV", "MINIMA", "JEUNE", "TH", "PASS_IAE", "AUTRE"]


def _mois(debut: datetime.date, fin: datetime.date):
    courant = datetime.date(debut.year, debut.month, 1)
    while courant <= fin:
        yield courant
        courant = datetime.date(courant.year + courant.month // 12, courant.month % 12 + 1, 1)


def generer(
    *,
    graine: int = 1,
    donneurs: int = 4,
    marches: int = 6,
    entreprises: int = 5,
    participants: int = 12,
    annees: tuple[int, ...] = (2021, 2022),
    communes: tuple[str, ...] = ("32013", "32208", "31555"),
) -> dict:
    rng = random.Random(graine)
    acheteurs = [
        {
            "siret": valid_siret(valid_siren(graine * 100 + i, "2")),
            "nom": f"Acheteur {i}",
            "categorie": CATEGORIES[i % len(CATEGORIES)],
        }
        for i in range(donneurs)
    ]
    lignes_marches = []
    lots = []
    for m in range(marches):
        acheteur = acheteurs[m % donneurs]
        annee = annees[m % len(annees)]
        date = datetime.date(annee, rng.randint(1, 6), rng.randint(1, 28))
        for numero in range(1, rng.randint(1, 3) + 1):
            ligne = {
                "reference": f"M{graine}-{m:03d}",
                "donneur_ordre_siret": acheteur["siret"],
                "donneur_ordre_nom": acheteur["nom"],
                "donneur_ordre_categorie": acheteur["categorie"],
                "operation": f"Opération {m // 2}",
                "objet": f"Travaux {m}",
                "date_notification": date.isoformat(),
                "lot": str(numero),
                "type_clause": rng.choice(TYPES_CLAUSE),
                "heures_prescrites": rng.randint(50, 2000),
            }
            lignes_marches.append(ligne)
            lots.append(ligne)
    societes = [
        {
            "siret": valid_siret(valid_siren(graine * 100 + i, "4")),
            "nom": f"Entreprise {i}",
            "effectif": rng.choice([2, 4, 12, 19, 45, 120]),
            "commune": rng.choice(communes),
        }
        for i in range(entreprises)
    ]
    lignes_heures = []
    for p in range(participants):
        personne = {
            "participant": f"P{graine}-{p:04d}",
            "sexe": rng.choice("FMMM"),
            "annee_naissance": rng.randint(1960, 2004),
            "commune_residence": rng.choice(communes),
            "criteres": ";".join(sorted(rng.sample(CRITERES, rng.randint(1, 3)))),
        }
        for _ in range(rng.randint(1, 2)):
            lot = rng.choice(lots)
            societe = rng.choice(societes)
            debut = datetime.date(rng.choice(annees), rng.randint(1, 10), rng.randint(1, 28))
            fin = debut + datetime.timedelta(days=rng.randint(30, 200))
            type_contrat = rng.choice(TYPES_CONTRAT)
            for mois in _mois(debut, fin):
                lignes_heures.append(
                    {
                        "marche_reference": lot["reference"],
                        "donneur_ordre_siret": lot["donneur_ordre_siret"],
                        "lot": lot["lot"],
                        "entreprise_siret": societe["siret"],
                        "entreprise_nom": societe["nom"],
                        "entreprise_effectif": societe["effectif"],
                        "entreprise_commune": societe["commune"],
                        **personne,
                        "type_contrat": type_contrat,
                        "date_debut": debut.isoformat(),
                        "date_fin": fin.isoformat(),
                        "mois": f"{mois:%Y-%m}",
                        "heures": rng.choice([7, 14, 21, 35, 70, 105, 151.67]),
                    }
                )
    # The same (contract, lot, month) cannot appear twice: keep the first.
    vues = set()
    uniques = []
    for ligne in lignes_heures:
        cle = tuple(
            ligne[c]
            for c in ("participant", "entreprise_siret", "type_contrat", "date_debut")
            + ("marche_reference", "lot", "mois")
        )
        if cle not in vues:
            vues.add(cle)
            uniques.append(ligne)
    return {"marches": lignes_marches, "heures": uniques}


def ecrire_xlsx(donnees: dict, chemin: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "marches"
    ws.append(COLONNES_MARCHES)
    for ligne in donnees["marches"]:
        ws.append([ligne[c] for c in COLONNES_MARCHES])
    ws = wb.create_sheet("heures")
    colonnes = _colonnes_heures(donnees)
    ws.append(colonnes)
    for ligne in donnees["heures"]:
        ws.append([ligne.get(c) for c in colonnes])
    wb.save(chemin)
    return chemin


def _colonnes_heures(donnees: dict) -> list[str]:
    """The mandatory columns, plus the optional ones some row fills."""
    presentes = {c for ligne in donnees["heures"] for c in ligne}
    return COLONNES_HEURES + [c for c in COLONNES_HEURES_FACULTATIVES if c in presentes]


def ecrire_csv(donnees: dict, dossier: Path) -> tuple[Path, Path]:
    chemins = []
    for nom, colonnes in (("marches", COLONNES_MARCHES), ("heures", _colonnes_heures(donnees))):
        chemin = dossier / f"{nom}.csv"
        with chemin.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, colonnes, delimiter=";")
            writer.writeheader()
            writer.writerows(donnees[nom])
        chemins.append(chemin)
    return chemins[0], chemins[1]
