from django.core.management.base import BaseCommand

from territoires.core.maintenance import planner_statistics_refresh


class Command(BaseCommand):
    help = (
        "Actualise les statistiques du planificateur de la base (ANALYZE), pour que les pages "
        "lisent par le bon index. À lancer chaque nuit, par exemple par cron, et après un gros "
        "import ; `make run` la lance au démarrage."
    )

    def handle(self, *args, **options):
        moteur = planner_statistics_refresh()
        self.stdout.write(f"Statistiques de la base actualisées ({moteur}).")
