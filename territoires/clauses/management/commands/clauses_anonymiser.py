"""`territoires clauses anonymiser`: anonymises the participants without hours since the
configured delay (5 years by default). Scheduled daily (cron); changes no total of the reports.
No page triggers it."""

from django.core.management.base import BaseCommand

from territoires.clauses.services.participants import participants_anonymise
from territoires.clauses.tasks import clauses_anonymiser_task


class Command(BaseCommand):
    help = (
        "Anonymise les participants dont les dernières heures dépassent le délai configuré "
        "(à lancer une fois par jour, par exemple par cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--en-tache",
            action="store_true",
            help="Confier l'anonymisation aux tâches de fond au lieu de la faire ici.",
        )

    def handle(self, *args, en_tache=False, **options):
        if en_tache:
            result = clauses_anonymiser_task.enqueue()
            self.stdout.write(f"Anonymisation confiée aux tâches de fond ({result.id}).")
            return
        nombre = participants_anonymise()
        self.stdout.write(f"{nombre} participant(s) anonymisé(s).")
