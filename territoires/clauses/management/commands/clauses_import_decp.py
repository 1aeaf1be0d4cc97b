"""`territoires clauses import-decp FICHIER.json` : DECP v2 → marchés des acheteurs suivis."""

from django.core.management.base import BaseCommand, CommandError

from territoires.clauses import decp
from territoires.clauses.services.decp import decp_apply


class Command(BaseCommand):
    help = (
        "Lit un fichier DECP v2 (JSON) : pré-remplit les marchés des donneurs d'ordre suivis et "
        "liste les marchés « Clause sociale » d'acheteurs qui ne sont pas encore suivis."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier")

    def handle(self, *args, fichier, **options):
        try:
            with open(fichier, "rb") as f:
                resultat = decp_apply(decp.marches_read(f))
        except FileNotFoundError as exc:
            raise CommandError(f"Fichier introuvable : {fichier}") from exc
        except decp.DecpIllisible as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{resultat.lus} marché(s) lu(s) ; {len(resultat.crees)} créé(s) et "
            f"{len(resultat.completes)} complété(s) pour les donneurs d'ordre suivis."
        )
        if resultat.non_suivis:
            self.stdout.write(
                f"{len(resultat.non_suivis)} marché(s) avec « Clause sociale » d'acheteurs non "
                "suivis :"
            )
            for m in resultat.non_suivis:
                date = m.date_notification.isoformat() if m.date_notification else "sans date"
                self.stdout.write(f"  - {m.acheteur_siret} {m.id} ({date}) : {m.objet}")
