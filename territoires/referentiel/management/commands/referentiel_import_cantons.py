"""`territoires referentiel import-cantons`: cantons and their communes, from the INSEE COG."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoires.referentiel.services import CantonsImportError, cantons_import


class Command(BaseCommand):
    help = (
        "Importe les cantons et leur composition en communes depuis les fichiers du Code "
        "officiel géographique de l'INSEE (v_canton_AAAA.csv et v_commune_AAAA.csv). Tout ou "
        "rien : la moindre erreur est rapportée ligne par ligne et rien n'est écrit. "
        "Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cantons", required=True, metavar="v_canton_AAAA.csv")
        parser.add_argument("--communes", required=True, metavar="v_commune_AAAA.csv")
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            metavar="CODE",
            help="code INSEE d'un département (répétable) ; par défaut TERRITOIRES_DEPARTEMENT",
        )

    def handle(self, *args, cantons, communes, departements=None, **options):
        departements = departements or [settings.TERRITOIRES_DEPARTEMENT]
        try:
            rapport = cantons_import(
                fichier_cantons=cantons, fichier_communes=communes, departements=departements
            )
        except CantonsImportError as erreur:
            for ligne in erreur.erreurs:
                self.stderr.write(ligne)
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(f"Départements {', '.join(departements)} : {rapport.summary()}.")
