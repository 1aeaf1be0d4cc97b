"""`territoires pilotage resume-elus`: the elected officials' weekly digest."""

from django.core.management.base import BaseCommand

from territoires.pilotage.services.elus import resumes_hebdomadaires_send


class Command(BaseCommand):
    help = (
        "Envoie le résumé hebdomadaire de leur territoire aux élus qui l'ont demandé (à lancer "
        "chaque jour ou chaque semaine, par exemple par cron) : un élu le reçoit au plus une "
        "fois par semaine (réglage PILOTAGE_RESUME_JOURS)."
    )

    def handle(self, *args, **options):
        sent = resumes_hebdomadaires_send()
        self.stdout.write(f"{sent} résumé(s) hebdomadaire(s) envoyé(s).")
