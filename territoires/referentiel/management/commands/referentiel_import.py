"""`territoires referentiel import`: import the COG territories shipped with Territoires."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territoires.referentiel.services import ImportReport, ImportSourceError, referentiel_import


class Command(BaseCommand):
    help = (
        "Importe régions, départements, EPCI et communes depuis la copie livrée du découpage "
        "administratif (COG). Idempotent ; ne supprime rien ; les codes disparus deviennent "
        "obsolètes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            metavar="CODE",
            help=(
                "code INSEE d'un département (répétable) ; par défaut "
                "TERRITOIRES_DEPARTEMENT. Un EPCI qui en déborde est importé en entier."
            ),
        )
        parser.add_argument("--tout", action="store_true", help="importer toute la France")
        parser.add_argument(
            "--source",
            metavar="DOSSIER",
            help=(
                "dossier contenant communes.json, epci.json, departements.json et regions.json "
                "(éventuellement compressés en .xz ou .gz) ; par défaut la copie livrée"
            ),
        )

    def handle(self, *args, departements=None, tout=False, source=None, verbosity=1, **options):
        if not tout and not departements:
            departements = [settings.TERRITOIRES_DEPARTEMENT]
        progress = None
        if verbosity >= 1 and self.stdout.isatty():
            from tqdm import tqdm

            def progress(iterable, description, total):
                return tqdm(
                    iterable,
                    desc=description,
                    total=total,
                    unit=" lignes",
                    leave=False,
                    # The raw stream: OutputWrapper would add a newline to each refresh.
                    file=self.stdout._out,
                )

        start = time.perf_counter()
        try:
            report = referentiel_import(
                departements=departements, tout=tout, source=source, progress=progress
            )
        except ImportSourceError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.print_report(report, time.perf_counter() - start)

    def print_report(self, report: ImportReport, duration: float) -> None:
        scope = (
            "toute la France" if report.tout else "départements " + ", ".join(report.departements)
        )
        self.stdout.write(f"Import du référentiel ({scope}) depuis {report.source}")
        for kind in report.kinds:
            self.stdout.write(f"  {kind.summary()}")
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Import terminé en {duration:.1f} s."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Rien à changer : le référentiel est à jour ({duration:.1f} s)."
                )
            )
