"""`territoires donnees actualiser [--jeu CODE]… [--en-tache]`: refreshes the automatic
datasets (the modules' public data published as datasets of the Département); a new version
only for the resources whose rows changed. Scheduled daily by cron:

    30 3 * * * territoires donnees actualiser
"""

from django.core.management.base import BaseCommand, CommandError

from territoires.opendata.automatiques import REGISTRE
from territoires.opendata.automatiques.refresh import RefreshFailed, datasets_refresh
from territoires.opendata.automatiques.tasks import datasets_refresh_task


class Command(BaseCommand):
    help = (
        "Actualise les jeux de données automatiques (subventions, dispositifs, chiffres de "
        "l'ingénierie et des clauses, budget participatif, communes et intercommunalités) : "
        "une nouvelle version seulement quand les données ont changé. À lancer chaque jour "
        "(cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jeu",
            action="append",
            dest="codes",
            choices=sorted(REGISTRE),
            metavar="CODE",
            help=f"code du jeu à actualiser (répétable) : {', '.join(REGISTRE)}",
        )
        parser.add_argument(
            "--en-tache",
            action="store_true",
            help="Confier l'actualisation aux tâches de fond au lieu de la faire ici.",
        )

    def handle(self, *args, codes=None, en_tache=False, **options):
        if en_tache:
            result = datasets_refresh_task.enqueue(codes=codes)
            self.stdout.write(f"Actualisation confiée aux tâches de fond ({result.id}).")
            return
        try:
            bilans = datasets_refresh(codes=codes)
        except RefreshFailed as exc:
            for bilan in exc.bilans:
                self.stdout.write(bilan.texte)
            raise CommandError(exc.messages[0]) from exc
        for bilan in bilans:
            self.stdout.write(bilan.texte)
