"""`territoires referentiel import-mouvements`: old codes → current communes (INSEE)."""

from django.core.management.base import BaseCommand, CommandError

from territoires.referentiel.services import MouvementsImportError, mouvements_import


class Command(BaseCommand):
    help = (
        "Importe le fichier des mouvements des communes du Code officiel géographique de "
        "l'INSEE (v_mvt_commune_AAAA.csv) : chaque ancien code de commune est relié à la "
        "commune actuelle qui l'a absorbé, avec son ancien nom et la date. Tout ou rien : la "
        "moindre erreur est rapportée ligne par ligne et rien n'est écrit. Idempotent. À "
        "lancer après « territoires referentiel import »."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", metavar="v_mvt_commune_AAAA.csv")

    def handle(self, *args, fichier, **options):
        try:
            rapport = mouvements_import(fichier=fichier)
        except MouvementsImportError as erreur:
            for ligne in erreur.erreurs:
                self.stderr.write(ligne)
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(f"{rapport.summary()}.")
