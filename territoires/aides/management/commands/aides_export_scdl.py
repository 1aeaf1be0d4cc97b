"""`territoires aides export-scdl [--annee 2026] [--sortie fichier.csv]`: the attributed
subsidies in the SCDL « subventions » 2.1.1 format (CSV, UTF-8, comma)."""

import sys

from django.core.management.base import BaseCommand

from territoires.aides.exports import scdl_options
from territoires.core.exports.spreadsheets import csv_write


class _Compteur:
    """Counts the rows written, for the closing message."""

    def __init__(self, lignes):
        self.lignes, self.total = lignes, 0

    def __iter__(self):
        for ligne in self.lignes:
            self.total += 1
            yield ligne


class Command(BaseCommand):
    help = "Exporte les subventions attribuées au format SCDL subventions 2.1.1."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="Année de la décision.")
        parser.add_argument("--sortie", help="Fichier CSV (par défaut : la sortie standard).")

    def handle(self, *args, annee=None, sortie=None, **options):
        options = scdl_options(annee=annee)
        lignes = _Compteur(options.pop("rows"))
        if sortie:
            with open(sortie, "w", newline="", encoding="utf-8") as out:
                csv_write(out, lignes, **options)
            self.stderr.write(f"{lignes.total} subvention(s) exportée(s) dans {sortie}.")
        else:
            csv_write(sys.stdout, lignes, **options)
