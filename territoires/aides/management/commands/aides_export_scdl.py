"""`territoires aides export-scdl [--annee 2026] [--sortie fichier.csv]`: the attributed
subsidies in the SCDL « subventions » 2.1.1 format (CSV, UTF-8, comma)."""

import csv
import sys

from django.core.management.base import BaseCommand

from territoires.aides import selectors


class Command(BaseCommand):
    help = "Exporte les subventions attribuées au format SCDL subventions 2.1.1."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, help="Année de la décision.")
        parser.add_argument("--sortie", help="Fichier CSV (par défaut : la sortie standard).")

    def handle(self, *args, annee=None, sortie=None, **options):
        out = open(sortie, "w", newline="", encoding="utf-8") if sortie else sys.stdout  # noqa: SIM115
        try:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(selectors.SCDL_COLUMNS)
            count = 0
            for row in selectors.scdl_rows(annee):
                writer.writerow(row)
                count += 1
        finally:
            if sortie:
                out.close()
        if sortie:
            self.stderr.write(f"{count} subvention(s) exportée(s) dans {sortie}.")
