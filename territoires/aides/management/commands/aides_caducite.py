"""`territoires aides caducite` (daily, cron): warns beneficiaries before a grant lapses and
declares lapsed the grants past their deadline (durations: dated parameters of each scheme)."""

from django.core.management.base import BaseCommand

from territoires.aides import services


class Command(BaseCommand):
    help = "Avertit avant la caducité des subventions et déclare caduques celles qui le sont."

    def add_arguments(self, parser):
        parser.add_argument("--preavis", type=int, default=60, help="Jours d'avertissement.")

    def handle(self, *args, preavis=60, **options):
        result = services.caducite_check(preavis_jours=preavis)
        self.stdout.write(
            f"{result['avertis']} avertissement(s), {result['caducs']} subvention(s) caduque(s)."
        )
