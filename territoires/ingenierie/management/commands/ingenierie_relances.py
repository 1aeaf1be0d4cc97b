"""`territoires ingenierie relances [--dry-run]`: digests, « où en êtes-vous ? », inactivity."""

from django.core.management.base import BaseCommand

from territoires.ingenierie.services.relances import relances_send


class Command(BaseCommand):
    help = (
        "Envoie le récapitulatif hebdomadaire des référents, les « où en êtes-vous ? » et les "
        "signalements d'inactivité ; jamais deux fois pour le même événement."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="compter sans envoyer ni enregistrer"
        )

    def handle(self, *args, dry_run=False, **options):
        bilan = relances_send(dry_run=dry_run)
        verbe = "à envoyer" if dry_run else "envoyés"
        self.stdout.write(
            f"Récapitulatifs {verbe} : {bilan.digests} ; « où en êtes-vous ? » : "
            f"{bilan.ou_en_etes_vous} ; signalements d'inactivité : {bilan.inactivites}."
        )
        for ligne in bilan.ignorees:
            self.stdout.write(f"  ignoré — {ligne}")
