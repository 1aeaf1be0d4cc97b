"""`territoires ingenierie stats [--depuis 2017] [--jusqu-a 2024] [--format texte|json|csv]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from territoires.core.exports.spreadsheets import csv_write
from territoires.ingenierie.exports import stats_tables
from territoires.ingenierie.selectors import statistiques


class Command(BaseCommand):
    help = (
        "Chiffres de l'ingénierie territoriale : sollicitations par année, domaine, nature, EPCI…"
    )

    def add_arguments(self, parser):
        parser.add_argument("--depuis", type=int, help="première année (incluse)")
        parser.add_argument("--jusqu-a", dest="jusqu_a", type=int, help="dernière année (incluse)")
        parser.add_argument(
            "--format", choices=["texte", "json", "csv"], default="texte", dest="fmt"
        )
        parser.add_argument(
            "--departement", help="code du département (par défaut celui de l'instance)"
        )

    def handle(self, *args, depuis=None, jusqu_a=None, fmt="texte", departement=None, **options):
        if depuis and jusqu_a and depuis > jusqu_a:
            raise CommandError("--depuis doit précéder --jusqu-a.")
        stats = statistiques(depuis=depuis, jusqu_a=jusqu_a, departement=departement)
        if fmt == "json":
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        tables = stats_tables(stats)
        if fmt == "csv":
            # One flat table: section ; libellé ; valeur — easy to load in a spreadsheet.
            # No BOM on the standard output: it is piped as often as it is saved.
            csv_write(
                self.stdout,
                ([title, row[0], row[1]] for title, _headers, rows in tables for row in rows),
                headers=["section", "libelle", "valeur"],
                bom=False,
                line_ending="\n",
            )
            return
        for title, headers, rows in tables:
            self.stdout.write(self.style.MIGRATE_HEADING(title))
            width = max([len(str(r[0])) for r in rows] + [len(headers[0])])
            for row in rows:
                self.stdout.write(f"  {str(row[0]).ljust(width)}  {row[1]}")
