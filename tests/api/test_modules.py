"""The modules' public objects through the API, and nothing a module keeps private."""

import datetime
import json
from decimal import Decimal

import pytest

from territoires.aides import services
from territoires.participation.models import Idee, Resultat
from tests.aides.factories import dossier_ddr, world
from tests.aides.test_scdl_actes import attribue
from tests.participation.factories import CampagneFactory, enveloppe, projet
from tests.referentiel.factories import CommuneFactory, EpciFactory

pytestmark = pytest.mark.django_db


def _resultats(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["resultats"]


def test_aid_schemes_and_attributed_subventions_only(client):
    w = world()
    w.dispositifs["ddr"].__class__.objects.filter(pk=w.ddr.pk).update(publie=False)
    codes = [d["code"] for d in _resultats(client.get("/api/aides/dispositifs?taille=100"))]
    assert codes and "ddr" not in codes
    assert client.get("/api/aides/dispositifs/ddr").status_code == 404
    un_code = codes[0]
    assert client.get(f"/api/aides/dispositifs/{un_code}").json()["code"] == un_code

    attribue(w)
    en_instruction = dossier_ddr(
        w, organisation=w.commune_b, intitule="Dossier encore en instruction"
    )
    services.dossier_submit(dossier=en_instruction, actor=w.agent_b, date=datetime.date(2026, 3, 2))
    services.dossier_instruction_start(dossier=en_instruction, actor=w.instructeur)
    response = client.get("/api/aides/subventions")
    (subvention,) = _resultats(response)
    assert subvention["objet"] == "Réfection du lavoir communal"
    assert subvention["montant"] == "8000.00" and subvention["dateConvention"] == "2026-06-26"
    assert subvention["referenceDecision"] == "CP-2026-06-042"
    assert "en instruction" not in response.content.decode()
    assert _resultats(client.get("/api/aides/subventions?annee=2025")) == []


def test_participatory_budget_public_objects(client):
    vote = CampagneFactory(slug="bp-vote", phase="vote")
    env = enveloppe(vote)
    projet(env, "P1", "50", titre="Aire de jeux")
    projet(env, "P2", "40", titre="Projet écarté", soumis_au_vote=False)
    Idee.objects.create(
        campagne=vote, titre="Idée non modérée", description="…", categorie="Sport",
        cout_estime=Decimal(10),
    )  # fmt: skip
    Resultat.objects.create(enveloppe=env, methode=vote.methode, departage=vote.departage,
                            budget=100, cout_total=50)  # fmt: skip
    projets = client.get("/api/budget-participatif/campagnes/bp-vote/projets")
    assert [p["code"] for p in _resultats(projets)] == ["P1"]
    # During the vote no result is published, whatever has been computed.
    resultats = client.get("/api/budget-participatif/campagnes/bp-vote/resultats")
    assert resultats.status_code == 200 and resultats.json() == []
    every = "".join(
        client.get(url).content.decode()
        for url in (
            "/api/budget-participatif/campagnes",
            "/api/budget-participatif/campagnes/bp-vote/projets",
        )
    )
    assert "Idée non modérée" not in json.loads(json.dumps(every))
    assert "Projet écarté" not in every


def test_results_after_the_vote(client):
    close = CampagneFactory(slug="bp-close", phase="realisation")
    env = enveloppe(close, nom="Générale")
    gagnant = projet(env, "P1", "60", titre="Jardin partagé")
    projet(env, "P2", "70", titre="Perdant")
    Resultat.objects.create(
        enveloppe=env, methode=close.methode, departage=close.departage, bulletins=3,
        budget=100, cout_total=60, selectionnes=[gagnant.pk], voix={str(gagnant.pk): 2},
    )  # fmt: skip
    (bloc,) = client.get("/api/budget-participatif/campagnes/bp-close/resultats").json()
    assert bloc["enveloppe"] == "Générale" and bloc["bulletins"] == 3
    assert bloc["laureats"] == [{"code": "P1", "titre": "Jardin partagé", "cout": "60.00",
                                 "voix": 2}]  # fmt: skip
    assert client.get("/api/budget-participatif/campagnes/inconnue/projets").status_code == 404


def test_territories_search(client):
    epci = EpciFactory(nom="CC de la Ténarèze", siren="200066926")
    CommuneFactory(code="32208", nom="Lectoure", epci=epci)
    CommuneFactory(code="32013", nom="Auch")
    (commune,) = _resultats(client.get("/api/territoires/communes?q=LECTOURÉ"))
    assert commune["code"] == "32208" and commune["epci"] == "200066926"
    assert client.get("/api/territoires/communes/32013").json()["nom"] == "Auch"
    assert client.get("/api/territoires/communes/99999").status_code == 404
    (trouve,) = _resultats(client.get("/api/territoires/epci?q=tenareze"))
    assert trouve["siren"] == "200066926"
    assert client.get("/api/territoires/epci/200066926").json()["nom"] == "CC de la Ténarèze"
    assert len(_resultats(client.get("/api/territoires/communes"))) == 2
