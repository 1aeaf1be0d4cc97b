"""`territoires aides_sessions` (yearly, cron; idempotent): creates the commission sessions of
the coming years from each scheme's yearly pattern (`ModeleSession`). A filing creates its own
session on demand too: this command only makes the calendar visible in advance."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from territoires.aides.services.calendrier import sessions_generate


class Command(BaseCommand):
    help = "Crée les sessions de programmation des années à venir depuis les modèles annuels."

    def add_arguments(self, parser):
        parser.add_argument(
            "--depuis", type=int, help="Première année (par défaut : l'année en cours)."
        )
        parser.add_argument(
            "--jusqu-a",
            type=int,
            dest="jusqu_a",
            help="Dernière année (par défaut : l'an prochain).",
        )

    def handle(self, *args, depuis=None, jusqu_a=None, **options):
        annee = timezone.localdate().year
        depuis = depuis or annee
        jusqu_a = jusqu_a or annee + 1
        if jusqu_a < depuis or jusqu_a - depuis > 50:
            raise CommandError(
                "Indiquez une période de 1 à 50 ans : --jusqu-a doit suivre --depuis."
            )
        created = sessions_generate(depuis=depuis, jusqu_a=jusqu_a)
        self.stdout.write(f"{created} session(s) créée(s) de {depuis} à {jusqu_a}.")
