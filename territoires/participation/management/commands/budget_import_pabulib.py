"""`territoires budget import-pabulib FICHIER.pb [--campagne SLUG]`."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from territoires.participation import pabulib
from territoires.participation.formats import euros
from territoires.participation.services.pabulib import campagne_import_pabulib
from territoires.ui.formats import nombre_fr


class Command(BaseCommand):
    help = (
        "Charge un fichier pabulib (.pb) comme une campagne de budget participatif : une "
        "enveloppe, ses projets (numéros du fichier) et ses bulletins. Tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="chemin du fichier .pb")
        parser.add_argument("--campagne", help="identifiant (slug) de la campagne créée")

    def handle(self, *args, fichier, campagne=None, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        try:
            contenu = pabulib.lire(
                chemin,
                taille_max=settings.IMPORT_TAILLE_MAX,
                lignes_max=settings.IMPORT_LIGNES_MAX,
            )
        except (pabulib.ErreurPabulib, UnicodeDecodeError) as exc:
            raise CommandError(f"Fichier pabulib invalide : {exc}") from exc
        slug = campagne or slugify(chemin.stem)[:80]
        try:
            c = campagne_import_pabulib(fichier=contenu, slug=slug)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Campagne « {c.slug} » : {nombre_fr(len(contenu.projets))} projets, "
            f"{nombre_fr(len(contenu.votes))} bulletins, budget {euros(c.budget_total)}."
        )
