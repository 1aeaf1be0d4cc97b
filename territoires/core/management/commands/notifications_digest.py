from django.core.management.base import BaseCommand

from territoires.core.notifications import notifications_send_digest
from territoires.core.tasks import notifications_digest_task


class Command(BaseCommand):
    help = (
        "Envoie un courriel récapitulatif à chaque utilisateur qui a choisi le récapitulatif "
        "quotidien (à lancer une fois par jour, par exemple par cron). Une notification n'est "
        "jamais envoyée deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--en-tache",
            action="store_true",
            help="Confier l'envoi au traitement des tâches de fond au lieu de l'envoyer ici.",
        )

    def handle(self, *args, en_tache=False, **options):
        if en_tache:
            result = notifications_digest_task.enqueue()
            self.stdout.write(f"Envoi des récapitulatifs confié aux tâches de fond ({result.id}).")
            return
        sent = notifications_send_digest()
        self.stdout.write(f"{sent} récapitulatif(s) envoyé(s).")
