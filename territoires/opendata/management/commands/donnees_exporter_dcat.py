"""`territoires donnees exporter-dcat [--format turtle|jsonld] [--base URL]`: print the
catalogue of published datasets in DCAT-AP (what /donnees/catalogue.ttl serves)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from territoires.opendata import dcat


class Command(BaseCommand):
    help = "Imprime le catalogue des jeux publiés en DCAT-AP (Turtle ou JSON-LD)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["turtle", "jsonld"], default="turtle")
        parser.add_argument(
            "--base",
            default=settings.TERRITOIRES_BASE_URL,
            help="Adresse du site, début des URL du catalogue (TERRITOIRES_BASE_URL).",
        )

    def handle(self, *args, **options):
        triples = dcat.catalogue_triples(base=options["base"])
        if options["format"] == "jsonld":
            self.stdout.write(dcat.jsonld_text(triples))
        else:
            self.stdout.write(dcat.turtle(triples))
