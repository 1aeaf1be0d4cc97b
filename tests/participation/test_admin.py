"""Préparation d'une campagne dans l'administration ; règles figées à l'ouverture du vote."""

from html import unescape

import pytest
from django.utils import timezone

from territoires.participation.models import Campagne, EnveloppeCampagne
from tests.comptes.factories import UserFactory, login

from .factories import CampagneFactory, dates_pour, enveloppe

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def formulaire(campagne_dates, **autres):
    donnees = {
        "slug": "bp-2027", "titre": "Budget participatif 2027", "budget_total": "1000000",
        "reglement": "Un vote par personne.", "methode": "mes-add1",
        "departage": "lexicographique",
        **{k: v.strftime("%d/%m/%Y") for k, v in campagne_dates.items()},
        "enveloppes-TOTAL_FORMS": "1", "enveloppes-INITIAL_FORMS": "0",
        "enveloppes-0-nom": "Jeunes", "enveloppes-0-type": "jeunes",
        "enveloppes-0-budget": "100000", "enveloppes-0-cout_min": "0",
        "enveloppes-0-cout_max": "25000", "enveloppes-0-age_min_proposer": "11",
        "enveloppes-0-age_max_proposer": "25", "enveloppes-0-age_min_vote": "11",
        "enveloppes-0-age_max_vote": "25", "enveloppes-0-residence_requise": "on",
        "enveloppes-0-choix_min": "1", "enveloppes-0-choix_max": "3",
        "enveloppes-0-forme_bulletin": "nombre", "enveloppes-0-part_min_budget": "0",
    }  # fmt: skip
    donnees.update(autres)
    return donnees


def test_creer_une_campagne_et_son_enveloppe(admin_client):
    reponse = admin_client.post(
        "/admin/participation/campagne/add/", formulaire(dates_pour("preparation"))
    )
    assert reponse.status_code == 302, unescape(reponse.content.decode())[-2000:]
    c = Campagne.objects.get(slug="bp-2027")
    env = c.enveloppes.get()
    assert env.type == EnveloppeCampagne.Type.JEUNES and env.cout_max == 25000


def test_regles_figees_refusees_avec_un_message(admin_client):
    c = CampagneFactory(phase="vote", slug="bp-2027")
    env = enveloppe(c, nom="Générale")
    dates = {k: getattr(c, k) for k in dates_pour("vote")}
    base = formulaire(dates, **{"enveloppes-INITIAL_FORMS": "1", "enveloppes-0-id": str(env.pk),
                                "enveloppes-0-campagne": str(c.pk), "enveloppes-0-nom": "Générale",
                                "enveloppes-0-type": "generale", "enveloppes-0-budget": "100",
                                "enveloppes-0-cout_max": "", "enveloppes-0-age_max_proposer": "",
                                "enveloppes-0-age_max_vote": "", "budget_total": "1000000",
                                "reglement": c.reglement})  # fmt: skip
    url = f"/admin/participation/campagne/{c.pk}/change/"
    reponse = admin_client.post(url, {**base, "budget_total": "5"})
    assert reponse.status_code == 200
    assert "les règles de la campagne sont figées" in unescape(reponse.content.decode())
    c.refresh_from_db()
    assert c.budget_total == 1000000
    # Changer le titre seulement reste possible, enveloppe inchangée comprise.
    reponse = admin_client.post(url, {**base, "titre": "Nouveau titre"})
    assert reponse.status_code == 302
    c.refresh_from_db()
    assert c.titre == "Nouveau titre"


def test_les_dates_du_calendrier_ont_leur_fenetre(admin_client):
    dates = dates_pour("preparation")
    donnees = formulaire(dates, vote_fin="31/12/9999", deliberation_le="01/01/1900")
    reponse = admin_client.post("/admin/participation/campagne/add/", donnees)
    page = unescape(reponse.content.decode())
    horizon = timezone.localdate().year + 15
    fin = f"le 31 décembre {horizon}"
    assert page.count(f"Indiquez une date entre le 1er janvier 2000 et {fin}.") == 2
    assert f"Entre 2000 et {horizon}." in page
    assert not Campagne.objects.exists()
