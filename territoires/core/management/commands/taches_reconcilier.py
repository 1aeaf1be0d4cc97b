"""`territoires taches reconcilier`: fail the tasks of a task server that stopped."""

from django.core.management.base import BaseCommand

from territoires.core.task_tracking import tasks_reconcile


class Command(BaseCommand):
    help = (
        "Marque « échouées » (interrompues) les tâches dont le serveur de tâches s'est arrêté "
        "brutalement, ainsi que les imports qui les suivent ; le worker le fait aussi à son "
        "démarrage et à chaque battement. À planifier (cron) toutes les quelques minutes."
    )

    def handle(self, *args, **options):
        changees = tasks_reconcile()
        self.stdout.write(
            f"{len(changees)} tâche(s) remise(s) en cohérence."
            if changees
            else "Toutes les tâches sont cohérentes."
        )
