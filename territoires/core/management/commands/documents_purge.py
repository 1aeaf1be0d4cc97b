import datetime

from django.core.management.base import BaseCommand

from territoires.core.documents import documents_purge_orphans


class Command(BaseCommand):
    help = (
        "Supprime du stockage les fichiers qu'aucun document n'utilise (reste d'un envoi "
        "interrompu). À lancer chaque jour, par exemple par cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--age-heures",
            type=int,
            default=24,
            help="Ne supprimer que les fichiers plus anciens que ce nombre d'heures (24).",
        )
        parser.add_argument("--simulation", action="store_true", help="Lister sans rien supprimer.")

    def handle(self, *args, age_heures=24, simulation=False, **options):
        orphans = documents_purge_orphans(
            older_than=datetime.timedelta(hours=age_heures), dry_run=simulation
        )
        for name in orphans:
            self.stdout.write(f"{'À supprimer' if simulation else 'Supprimé'} : {name}")
        self.stdout.write(
            f"{len(orphans)} fichier(s) orphelin(s) {'trouvé(s)' if simulation else 'supprimé(s)'}."
        )
