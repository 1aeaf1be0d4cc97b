"""Environmental considerations beside the social clause (seed 003: « clauses sociales et
environnementales »): read from the DECP, set by the facilitator, counted in the buyers'
figures and the yearly report."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territoires.clauses.decp import marches_read
from territoires.clauses.models import Marche
from territoires.clauses.selectors.bilan import bilan_annuel
from territoires.clauses.services.decp import decp_apply
from territoires.comptes.models import Role
from territoires.core.models import Evenement
from tests.comptes.factories import ServiceFactory, login, member

from .factories import DonneurOrdreFactory, MarcheFactory

pytestmark = pytest.mark.django_db
SIRET = "20001000700017"


def _decp(*marches) -> io.BytesIO:
    return io.BytesIO(json.dumps({"marches": list(marches)}).encode())


def _marche(identifiant: str, *environnement: str) -> dict:
    return {
        "id": identifiant,
        "acheteur": {"id": SIRET},
        "objet": f"Travaux {identifiant}",
        "dateNotification": "2024-03-01",
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
        "considerationsEnvironnementales": {"considerationEnvironnementale": list(environnement)},
    }


def test_the_decp_declares_the_environmental_considerations_of_followed_marches():
    donneur = DonneurOrdreFactory(siret=SIRET)
    existant = MarcheFactory(donneur_ordre=donneur, reference="2024-003")
    lus = marches_read(_decp(
        _marche("2024-001", "Clause environnementale", "Critère environnemental"),
        _marche("2024-002", "Pas de considération environnementale"),
        _marche("2024-003", "Critère environnemental"),
    ))  # fmt: skip
    decp_apply(lus)
    par_reference = {
        m.reference: (m.clause_environnementale, m.critere_environnemental)
        for m in Marche.objects.all()
    }
    assert par_reference == {
        "2024-001": (True, True),
        "2024-002": (False, False),
        "2024-003": (False, True),  # an existing marché is completed
    }
    # Set by the facilitator, a consideration the DECP is silent about is never removed.
    Marche.objects.filter(pk=existant.pk).update(clause_environnementale=True)
    decp_apply(marches_read(_decp(_marche("2024-003", "Pas de considération environnementale"))))
    existant = Marche.objects.get(pk=existant.pk)
    assert (existant.clause_environnementale, existant.critere_environnemental) == (True, True)


def test_the_yearly_report_counts_them_by_buyer_and_in_all():
    un, deux = DonneurOrdreFactory(nom="Commune d'Auch"), DonneurOrdreFactory(nom="Lectoure")
    notifie = datetime.date(2023, 5, 1)
    MarcheFactory(donneur_ordre=un, date_notification=notifie, clause_environnementale=True)
    MarcheFactory(donneur_ordre=un, date_notification=notifie, critere_environnemental=True)
    MarcheFactory(donneur_ordre=un, date_notification=notifie)
    MarcheFactory(donneur_ordre=deux, date_notification=notifie)
    MarcheFactory(donneur_ordre=deux, date_notification=datetime.date(2022, 5, 1),
                  clause_environnementale=True)  # fmt: skip

    bilan = bilan_annuel(2023)
    assert (bilan["marches_suivis"], bilan["marches_environnementaux"]) == (4, 2)
    par_nom = {d["nom"]: d["marches_environnementaux"] for d in bilan["par_donneur_ordre"]}
    assert par_nom == {"Commune d'Auch": 2, "Lectoure": 0}
    assert sum(c["marches_environnementaux"] for c in bilan["par_categorie"]) == 2


def test_the_facilitator_sets_them_on_the_marche_page_journaled(client):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    marche = MarcheFactory(date_notification=datetime.date(2023, 5, 1))
    page = client.get(marche.get_absolute_url()).content.decode()
    assert "Considérations environnementales du marché" in page
    url = reverse("clauses:marche_environnement", args=[marche.pk])
    assert client.post(url, {"critere_environnemental": "on"}).status_code == 302
    marche = Marche.objects.get(pk=marche.pk)
    assert (marche.clause_environnementale, marche.critere_environnemental) == (False, True)
    assert Evenement.objects.filter(
        object_id=str(marche.pk), action=Evenement.Action.MODIFICATION
    ).exists()
    assert "critère d&#x27;attribution" in client.get(marche.get_absolute_url()).content.decode()

    tableur = client.get(reverse("clauses:bilan_export"), {"annee": 2023, "format": "xlsx"})
    classeur = load_workbook(io.BytesIO(tableur.content))
    synthese = {r[0]: r[2] for r in classeur["Synthèse"].iter_rows(values_only=True)}
    assert synthese["marches_environnementaux"] == 1


def test_only_the_facilitator_sets_them(client):
    marche = MarcheFactory()
    login(client, member(Role.DIRECTION, organisation=ServiceFactory()))
    url = reverse("clauses:marche_environnement", args=[marche.pk])
    assert client.post(url, {"clause_environnementale": "on"}).status_code in (403, 404)
    marche = Marche.objects.get(pk=marche.pk)
    assert not marche.clause_environnementale
