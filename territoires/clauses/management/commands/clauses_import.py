"""`territoires clauses import FICHIER.xlsx` (ou `marches.csv heures.csv`) : import tout ou rien."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from territoires.clauses.imports.donnees import FichierIllisible
from territoires.clauses.services.imports import ImportRefuse, classeur_import


class Command(BaseCommand):
    help = (
        "Importe le classeur des clauses sociales (feuilles marches et heures) ou les deux "
        "fichiers marches.csv et heures.csv. Une seule ligne invalide fait tout refuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichiers", nargs="+", help="classeur.xlsx, ou marches.csv heures.csv")

    def handle(self, *args, fichiers, **options):
        if len(fichiers) > 2:
            raise CommandError("Un classeur XLSX, ou deux fichiers CSV (marches puis heures).")
        barre = tqdm(total=9, unit="étape", disable=options["verbosity"] == 0, file=self.stderr)

        def on_progress(done: int, total: int, message: str) -> None:
            barre.total = total
            barre.n = done
            barre.set_description(message[:60])
            barre.refresh()

        try:
            if len(fichiers) == 2:
                with open(fichiers[0], "rb") as marches, open(fichiers[1], "rb") as heures:
                    resultat = classeur_import(
                        fichier=marches, fichier_heures=heures, on_progress=on_progress
                    )
            else:
                resultat = classeur_import(fichier=fichiers[0], on_progress=on_progress)
        except FileNotFoundError as exc:
            raise CommandError(f"Fichier introuvable : {exc.filename}") from exc
        except FichierIllisible as exc:
            raise CommandError(str(exc)) from exc
        except ImportRefuse as refus:
            barre.close()
            for erreur in refus.erreurs:
                self.stderr.write(f"{erreur.feuille}, ligne {erreur.ligne} : {erreur.message}")
            raise CommandError(
                f"Fichier refusé : {len(refus.erreurs)} erreur(s). Rien n'a été enregistré."
            ) from None
        barre.close()
        self.stdout.write(self.style.SUCCESS(resultat.texte()))
