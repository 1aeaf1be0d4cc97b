"""`territoires demo code EMAIL`: the current TOTP code of a demo account."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoires.comptes.demo import demo_totp_code, is_demo_email


class Command(BaseCommand):
    help = "Affiche le code de vérification (TOTP) actuel d'un compte de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("email", help="adresse d'un compte de démonstration")

    def handle(self, *args, email, **options):
        if settings.PRODUCTION:
            raise CommandError("Cette commande n'est pas disponible en production.")
        if not is_demo_email(email):
            raise CommandError(f"{email} n'est pas un compte de démonstration.")
        try:
            code = demo_totp_code(email)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
