"""`territoires demo charger`: demo organisations and accounts, one per role."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoires.comptes.demo import (
    DEMO_PASSWORD,
    ReferentielMissing,
    demo_accounts_table,
    demo_load,
)
from territoires.core.maintenance import planner_statistics_refresh

DEMO_CODE_COMMAND = ".venv/bin/territoires demo code"


def demo_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("territoires.") and config.label != "comptes":
            if find_spec(name) is not None:
                yield import_module(name)


class Command(BaseCommand):
    help = (
        "Crée les organisations (Département, services, communes, EPCI, entreprise) et un compte "
        "de démonstration par rôle. Idempotent : ce qui existe déjà est conservé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement", help="code du département (par défaut TERRITOIRES_DEPARTEMENT)"
        )

    def handle(self, *args, departement=None, verbosity=1, **options):
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        try:
            report = demo_load(departement_code=departement)
        except ReferentielMissing as error:
            raise CommandError(str(error)) from error
        # Each module with a `demo.py` defining `charger(*, organisations, stdout)` adds its
        # own believable data (idempotent) on top of the organisations and accounts.
        for module in demo_modules():
            module.charger(organisations=report.organisations, stdout=self.stdout)
        # The demo has just written thousands of rows that autovacuum has not analysed yet:
        # without statistics PostgreSQL planned nested loops over them (minutes for a
        # territory page right after loading), SQLite never gathers them by itself.
        planner_statistics_refresh()
        if report.created:
            self.stdout.write(f"Données de démonstration : {len(report.created)} éléments créés.")
            if verbosity > 1:
                for label in report.created:
                    self.stdout.write(f"  + {label}")
        else:
            self.stdout.write("Données de démonstration déjà présentes : rien à créer.")
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        rows = demo_accounts_table()
        width = max(len(row["email"]) for row in rows)
        label_width = max(len(row["label"]) for row in rows)
        for row in rows:
            organisations = ", ".join(row["organisation_names"]) or "—"
            # Copied as printed from the project's folder, where `make run` prints it.
            otp = f"  [code : {DEMO_CODE_COMMAND} {row['email']}]" if row["needs_otp"] else ""
            self.stdout.write(
                f"  {row['email']:<{width}}  {row['label']:<{label_width}}  {organisations}{otp}"
            )
