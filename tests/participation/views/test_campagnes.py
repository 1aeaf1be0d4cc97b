"""Public pages of a campaign and the services' management page."""

import pytest
from django.urls import reverse

from territoires.participation.models import Realisation
from territoires.participation.services.realisations import jalon_add, realisations_create
from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.vote import vote_cast
from tests.comptes.factories import UserFactory, login, member
from tests.referentiel.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_pages_publiques(client, scrutin):
    c, env, p = scrutin
    CommuneFactory(code="32013", nom="Auch")
    for i in range(3):
        vote_cast(
            campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p[i].pk]}, age=30
        )
    resultats_compute(campagne=c)
    realisations_create(campagne=c)
    r = Realisation.objects.first()
    jalon_add(realisation=r, libelle="Études", date_prevue=c.vote_fin)
    for nom in ("campagne", "projets", "idees", "voter", "resultats", "chiffres", "suivi"):
        reponse = client.get(reverse(f"participation:{nom}", args=[c.slug]))
        assert reponse.status_code == 200, nom
    assert client.get(reverse("participation:campagnes")).status_code == 200
    page = client.get(reverse("participation:resultats", args=[c.slug])).content.decode()
    assert "Tour par tour" in page and "Part par soutien" in page
    assert client.get(reverse("participation:realisation", args=[r.pk])).status_code == 200
    pdf = client.get(reverse("participation:evaluation", args=[c.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 302


def test_gestion_reservee_aux_services(client, scrutin):
    c, _, _ = scrutin
    login(client, UserFactory())
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 404
    login(client, member("instructeur"))
    assert client.get(reverse("participation:gestion", args=[c.slug])).status_code == 200


def test_idees_a_traiter_filtrees_par_statut(client, scrutin):
    from decimal import Decimal

    from territoires.participation.models import Idee

    c, _, _ = scrutin
    idees = (
        ("Bancs du lavoir", Idee.Statut.DEPOSEE),
        ("Verger du stade", Idee.Statut.PUBLIEE),
        ("Piste des crêtes", Idee.Statut.NON_RETENUE),
    )
    for titre, statut in idees:
        Idee.objects.create(campagne=c, titre=titre, description="d", categorie="x",
                            cout_estime=Decimal(5), nom_auteur="Q", statut=statut)  # fmt: skip
    login(client, member("instructeur"))
    url = reverse("participation:gestion", args=[c.slug])
    page = client.get(url).content.decode()
    assert (
        "Bancs du lavoir" in page and "Verger du stade" in page and "Piste des crêtes" not in page
    )
    page = client.get(url, {"statut": "publiee"}).content.decode()
    assert "Bancs du lavoir" not in page and "Verger du stade" in page
