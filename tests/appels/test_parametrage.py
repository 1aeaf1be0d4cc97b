"""The service creates its call (dates typed in the call's time zone), then defines its
questions, grid and jury, then publishes it."""

import datetime

import pytest

from territoires.appels.models import Appel
from tests.comptes.factories import login

from .factories import monde

pytestmark = pytest.mark.django_db


def _formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_le_service_cree_parametre_et_publie_son_appel(client):
    w = monde()
    login(client, w.gestionnaire)
    response = client.post(
        "/appels/gestion/nouvel-appel/",
        {
            "organisation": w.service.pk, "type": "aap", "titre": "Mobilités rurales",
            "texte": "Un appel à projets.", "fuseau": "America/Cayenne",
            "ouverture": "2027-01-04T09:00", "date_limite": "2027-03-31T12:00",
            "types_candidats": ["association", "commune"], "note_max": "20",
        },
    )  # fmt: skip
    appel = Appel.objects.get(titre="Mobilités rurales")
    assert response["Location"] == f"/appels/{appel.pk}/parametrer/"
    assert appel.statut == "brouillon"
    # Noon in Cayenne (UTC-3) is 15:00 UTC.
    assert appel.date_limite.astimezone(datetime.UTC).hour == 15
    assert appel.date_limite_locale().hour == 12

    data = {
        **_formset("questions", [
            {"ordre": "1", "libelle": "Le projet", "type": "texte", "obligatoire": "on"},
            {"ordre": "2", "libelle": "Budget", "type": "montant", "champ_dossier": "cout_ht"},
        ]),
        **_formset("criteres", [{"ordre": "1", "libelle": "Utilité", "poids": "2"}]),
        "jury": [w.jure1.pk, w.jure2.pk],
    }  # fmt: skip
    response = client.post(f"/appels/{appel.pk}/parametrer/", data)
    assert response.status_code == 302
    assert [q.libelle for q in appel.questions.all()] == ["Le projet", "Budget"]
    assert appel.criteres.get().poids == 2
    assert set(appel.jury.all()) == {w.jure1, w.jure2}

    # A choice question without choices is refused, with the reason.
    data = _formset("questions", [{"ordre": "3", "libelle": "Lieu", "type": "choix"}])
    data.update(_formset("criteres", []))
    page = client.post(f"/appels/{appel.pk}/parametrer/", data).content.decode()
    assert "au moins deux choix" in page
    assert "Le formulaire contient des erreurs" in page

    client.post(f"/appels/{appel.pk}/publier/")
    assert Appel.objects.get(pk=appel.pk).statut == "publie"
    page = client.get(f"/appels/{appel.pk}/parametrer/").content.decode()
    assert "ne changent plus" in page


def test_un_agent_d_un_autre_service_ne_parametre_pas(client):
    w = monde()
    login(client, w.jure2)  # jury member, but not of the owning service
    assert client.get(f"/appels/{w.appel.pk}/parametrer/").status_code == 404
    login(client, w.candidat)
    assert client.get("/appels/gestion/nouvel-appel/").status_code == 403
