"""L'export pabulib passe le vérificateur officiel de pabulib (paquet pabulib-checker)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from pabulib.checker import Checker

from territoires.participation import depouillement
from territoires.participation.models import Campagne, Resultat
from territoires.participation.services.pabulib import resultat_to_pabulib
from territoires.participation.services.resultats import resultat_compute
from territoires.participation.services.vote import vote_cast

from .factories import CampagneFactory, enveloppe, projet
from .test_depouillement import QUARTIERS

pytestmark = pytest.mark.django_db


def verifier(texte: str) -> dict:
    """Erreurs et avertissements du vérificateur pour un fichier."""
    rapport = Checker().process_files([texte])
    (resultat,) = (v for k, v in rapport.items() if k not in ("metadata", "summary"))
    return resultat["results"]


def avertissements_attendus(methode: str) -> dict:
    """Pour pabulib, `equalshares/add1` n'a pas de complétion gloutonne ; notre `mes-add1`
    (celui de pabutools) en a une : la règle est déclarée « unknown », décrite en
    commentaire, et le vérificateur dit qu'il ne peut pas la rejouer. Ses lauréats sont
    comparés à pabutools dans test_depouillement et test_services."""
    if methode == "mes-add1":
        return {
            "rule validation skipped": {
                1: "Rule is 'unknown', so rule compliance cannot be verified."
            }
        }
    return {}


@pytest.mark.parametrize("methode", depouillement.METHODES)
def test_export_d_un_fichier_reel_passe_le_verificateur(methode):
    call_command("budget_import_pabulib", str(QUARTIERS[1]), campagne="pont", stdout=StringIO())
    sortie = StringIO()
    call_command("budget_resultats", "pont", methode=methode, format_="pabulib", stdout=sortie)
    resultats = verifier(sortie.getvalue())
    assert resultats["errors"] == {}
    assert resultats["warnings"] == avertissements_attendus(methode)


@pytest.mark.parametrize("methode", depouillement.METHODES)
def test_export_d_un_vote_en_base_passe_le_verificateur(methode):
    c = CampagneFactory(phase="vote", methode=methode)
    env = enveloppe(c, budget=Decimal(1000), choix_min=1, choix_max=3)
    p = [projet(env, f"{i}", cout) for i, cout in enumerate([400, 350, 300, 250, 200], 1)]
    choix = [[0, 1], [0, 2], [1, 3], [4], [0, 1, 4], [2, 3], [0], [3, 4]]
    for i, b in enumerate(choix):
        vote_cast(
            campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: [p[k].pk for k in b]}
        )
    resultat = resultat_compute(enveloppe=env, methode=methode)
    texte = resultat_to_pabulib(campagne=c, enveloppe=env, resultat=resultat)
    resultats = verifier(texte)
    assert resultats["errors"] == {}
    assert resultats["warnings"] == avertissements_attendus(methode)


def test_le_verificateur_voit_une_selection_fausse():
    """Contrôle du contrôle : un lauréat ajouté à tort est signalé."""
    call_command("budget_import_pabulib", str(QUARTIERS[1]), campagne="pont", stdout=StringIO())
    c = Campagne.objects.get(slug="pont")
    env = c.enveloppes.get()
    resultat = resultat_compute(enveloppe=env, methode="greedy")
    perdant = next(p for p in env.projets.all() if p.pk not in resultat.selectionnes)
    Resultat.objects.filter(pk=resultat.pk).update(
        selectionnes=[*resultat.selectionnes, perdant.pk]
    )
    resultat.refresh_from_db()
    texte = resultat_to_pabulib(campagne=c, enveloppe=env, resultat=resultat)
    assert verifier(texte)["errors"]
