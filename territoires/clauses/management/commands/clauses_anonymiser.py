"""`territoires clauses anonymiser` : anonymise les participants sans heures depuis le délai
configuré (5 ans par défaut). À planifier chaque mois ; ne change aucun total des bilans."""

from django.core.management.base import BaseCommand

from territoires.clauses.services.participants import participants_anonymise


class Command(BaseCommand):
    help = "Anonymise les participants dont les dernières heures dépassent le délai configuré."

    def handle(self, *args, **options):
        nombre = participants_anonymise()
        self.stdout.write(f"{nombre} participant(s) anonymisé(s).")
