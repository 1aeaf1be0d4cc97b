"""`territoires clauses bilan --annee 2022 --format json|xlsx|pdf` : le bilan annuel."""

import json
import sys

from django.core.management.base import BaseCommand

from territoires.clauses import exports
from territoires.clauses.selectors.bilan import bilan_annuel


class Command(BaseCommand):
    help = "Produit le bilan annuel des clauses sociales (JSON, XLSX ou PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, required=True)
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--sortie", help="fichier de sortie (par défaut la sortie standard)")
        parser.add_argument(
            "--public",
            action="store_true",
            help="masque les effectifs sous le seuil du secret statistique",
        )

    def handle(self, *args, annee, format, sortie=None, public=False, **options):
        bilan = bilan_annuel(annee, masquer=public)
        if format == "json":
            data = json.dumps(bilan, ensure_ascii=False, indent=2).encode() + b"\n"
        elif format == "xlsx":
            data = exports.bilan_xlsx(bilan)
        else:
            data = exports.bilan_pdf(bilan)
        if sortie:
            with open(sortie, "wb") as fichier:
                fichier.write(data)
            self.stderr.write(f"Bilan {annee} écrit dans {sortie}.")
        elif format == "json":
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
