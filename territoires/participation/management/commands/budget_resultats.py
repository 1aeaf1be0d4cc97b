"""`territoires budget resultats SLUG --methode greedy|mes|mes-add1 --format json|pabulib`."""

import json

from django.core.management.base import BaseCommand, CommandError

from territoires.participation.models import Campagne, Methode, Projet
from territoires.participation.services.pabulib import resultat_to_pabulib
from territoires.participation.services.resultats import resultat_compute


def nombre_json(valeur):
    return int(valeur) if valeur == int(valeur) else float(valeur)


class Command(BaseCommand):
    help = (
        "Calcule et affiche le résultat d'une campagne, enveloppe par enveloppe. JSON : "
        "selectionnes (numéros des projets), cout_total, budget ; pabulib : le fichier .pb "
        "avec la colonne selected."
    )

    def add_arguments(self, parser):
        parser.add_argument("campagne", help="identifiant (slug) de la campagne")
        parser.add_argument("--methode", choices=Methode.values, default=None)
        parser.add_argument("--format", dest="format_", choices=["json", "pabulib"], default="json")
        parser.add_argument("--enveloppe", type=int, help="numéro (pk) d'une seule enveloppe")

    def handle(self, *args, campagne, methode=None, format_="json", enveloppe=None, **options):
        c = Campagne.objects.filter(slug=campagne).first()
        if c is None:
            raise CommandError(f"Campagne inconnue : {campagne}")
        enveloppes = list(c.enveloppes.all())
        if enveloppe is not None:
            enveloppes = [e for e in enveloppes if e.pk == enveloppe]
        if not enveloppes:
            raise CommandError("Aucune enveloppe.")
        outputs = []
        for env in enveloppes:
            r = resultat_compute(enveloppe=env, methode=methode)
            if format_ == "pabulib":
                self.stdout.write(
                    resultat_to_pabulib(campagne=c, enveloppe=env, resultat=r), ending=""
                )
                continue
            code_de = dict(Projet.objects.filter(enveloppe=env).values_list("pk", "code"))
            outputs.append(
                {
                    "enveloppe": env.nom,
                    "methode": r.methode,
                    "selectionnes": [code_de[pk] for pk in r.selectionnes],
                    "cout_total": nombre_json(r.cout_total),
                    "budget": nombre_json(r.budget),
                    "bulletins": r.bulletins,
                }
            )
        if format_ == "json":
            donnees = outputs[0] if len(outputs) == 1 else {"enveloppes": outputs}
            self.stdout.write(json.dumps(donnees, ensure_ascii=False, indent=2))
