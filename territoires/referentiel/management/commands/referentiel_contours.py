"""`territoires referentiel contours`: write the static contour files the maps load.

The files are shipped in the repository (a fresh clone draws its maps without this command);
run it after changing `referentiel/data/contours/`, then `collectstatic` as usual. `--verifier`
fails when the shipped files differ from their sources (the test suite runs it).
"""

from django.core.management.base import BaseCommand, CommandError

from territoires.referentiel.maps import STATIC_CONTOURS_DIR, static_contours


class Command(BaseCommand):
    help = (
        "Écrit les contours des cartes en fichiers statiques (chargés une fois par le navigateur)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verifier",
            action="store_true",
            help="Vérifie seulement que les fichiers livrés correspondent à leurs sources.",
        )

    def handle(self, *args, verifier=False, **options):
        files = static_contours()
        if verifier:
            stale = [
                name
                for name, content in files.items()
                if not (STATIC_CONTOURS_DIR / name).is_file()
                or (STATIC_CONTOURS_DIR / name).read_bytes() != content
            ]
            if stale:
                raise CommandError(
                    "Contours statiques périmés : "
                    + ", ".join(sorted(stale))
                    + ". Lancez « territoires referentiel contours »."
                )
            self.stdout.write(f"{len(files)} fichiers de contours à jour.")
            return
        STATIC_CONTOURS_DIR.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (STATIC_CONTOURS_DIR / name).write_bytes(content)
        self.stdout.write(f"{len(files)} fichiers de contours écrits dans {STATIC_CONTOURS_DIR}.")
