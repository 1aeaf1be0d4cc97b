"""`territoires pilotage chiffres [--annee 2022 | --depuis 2017 --jusqu-a 2023]
--format json|csv|xlsx|pdf [--sortie FICHIER]`: the Département's key figures."""

import sys

from django.core.management.base import BaseCommand, CommandError

from territoires.pilotage.chiffres import chiffres_cles
from territoires.pilotage.chiffres.exports import PRODUCTEURS
from territoires.pilotage.chiffres.periodes import PeriodeInvalide, periode_choisie


class Command(BaseCommand):
    help = "Les chiffres clés du Département sur une année ou une période (tous les modules)."

    def add_arguments(self, parser):
        parser.add_argument("--annee", help="une année civile")
        parser.add_argument("--depuis", help="première année (incluse)")
        parser.add_argument("--jusqu-a", dest="jusqu_a", help="dernière année (incluse)")
        parser.add_argument("--format", dest="fmt", choices=sorted(PRODUCTEURS), default="json")
        parser.add_argument("--sortie", help="fichier de sortie (par défaut la sortie standard)")

    def handle(self, *args, annee=None, depuis=None, jusqu_a=None, fmt="json", sortie=None, **o):
        try:
            periode = periode_choisie(annee=annee, depuis=depuis, jusqu_a=jusqu_a)
        except PeriodeInvalide as erreur:
            raise CommandError(str(erreur)) from None
        data = PRODUCTEURS[fmt](periode, chiffres_cles(periode))
        if sortie:
            try:
                with open(sortie, "wb") as fichier:
                    fichier.write(data)
            except OSError as erreur:
                raise CommandError(f"Impossible d'écrire {sortie} : {erreur.strerror}.") from None
            self.stderr.write(f"Chiffres clés écrits dans {sortie}.")
        elif fmt in ("json", "csv"):
            self.stdout.write(data.decode(), ending="")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
