"""The dossier page in tabs: links that work without JavaScript (`?onglet=`), the panels the
user may see, the applicant without the Département's private tabs."""

import pytest
from django.urls import reverse

from territoires.aides import services
from tests.comptes.factories import login

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db


def _deposited(w):
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    services.annotation_add(dossier=dossier, actor=w.instructeur, texte="Maire injoignable")
    dossier.refresh_from_db()
    return dossier


def _ouverts(page):
    return [
        part.split('"')[0]
        for part in page.split('class="onglet-panneau" id="panneau-')[1:]
        if not part.split(">")[0].endswith(" hidden")
    ]


def test_the_instructor_sees_every_tab_and_one_panel_open(client):
    w = world()
    dossier = _deposited(w)
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    for label in ("Demande", "Pièces", "Instruction", "Avis", "Annotations privées"):
        assert f">{label}</a>" in page
    assert ">Messages</a>" in page and ">Historique</a>" in page
    assert _ouverts(page) == ["demande"]
    assert 'href="?onglet=instruction#onglets"' in page
    page = client.get(dossier.get_absolute_url() + "?onglet=annotations").content.decode()
    assert _ouverts(page) == ["annotations"]
    assert 'id="onglet-annotations" href="?onglet=annotations#onglets"' in page
    assert 'aria-current="page">Annotations privées</a>' in page
    # An unknown tab opens the first one.
    page = client.get(dossier.get_absolute_url() + "?onglet=<script>").content.decode()
    assert _ouverts(page) == ["demande"]


def test_the_commune_does_not_see_the_private_tabs(client):
    w = world()
    dossier = _deposited(w)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url() + "?onglet=annotations").content.decode()
    assert "Annotations privées" not in page and "Maire injoignable" not in page
    assert ">Avis</a>" not in page
    assert ">Décision et versements</a>" in page
    assert _ouverts(page) == ["demande"]


def test_an_action_brings_the_instructor_back_to_its_tab(client):
    w = world()
    dossier = _deposited(w)
    login(client, w.instructeur)
    response = client.post(reverse("aides:dossier_instruire", args=[dossier.pk]))
    assert response.url == dossier.get_absolute_url() + "?onglet=instruction#onglets"
    response = client.post(
        reverse("aides:dossier_annotation", args=[dossier.pk]), {"texte": "Vu en réunion"}
    )
    assert response.url.endswith("?onglet=annotations#onglets")


def test_the_summary_says_state_amount_session_and_instructor(client):
    w = world()
    dossier = _deposited(w)
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    resume = page.split('class="dossier-resume"')[1].split("</aside>")[0]
    assert "En instruction" in resume
    assert "Montant demandé" in resume and "8\u202f000\u00a0€" in resume
    assert str(dossier.session) in resume
    assert str(w.instructeur) in resume
