"""Les projets en cartes (vignette, résumé, coût, lieu, enveloppe) et la page d'un projet."""

from decimal import Decimal

import pytest
from django.urls import reverse

from territoires.core.documents import document_upload
from territoires.participation.models import Idee
from tests.core.samples import png, upload
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


def _idee_avec_photo(p, *, photo=True):
    idee = Idee.objects.create(
        campagne=p.campagne, titre=f"Idée {p.code}", description="d", categorie="Nature",
        cout_estime=Decimal(5), statut=Idee.Statut.RETENUE, projet=p, avis_technique="favorable",
        avis_juridique="favorable", avis_financier="reserve", cout_services=Decimal("1352.46"),
        justification="Faisable ; coût confirmé.",
    )  # fmt: skip
    if photo:
        doc = document_upload(
            file=upload("banc.png", png()), owner_organisation=None, uploaded_by=None,
            attached_to=idee, allowed_types=("png",),
        )  # fmt: skip
        idee.photos.add(doc)
    return idee


@pytest.mark.parametrize("n", [2, 12])
def test_cartes_des_projets_requetes_constantes(client, django_assert_max_num_queries, n):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, nom="Générale", budget=Decimal(900_000))
    auch = CommuneFactory(code="32013", nom="Auch")
    for i in range(n):
        p = projet(env, f"{i:03d}", 12500, commune=auch, description="Dix bancs " * 40)
        _idee_avec_photo(p, photo=i % 2 == 0)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("participation:projets", args=[c.slug])).content.decode()
    assert page.count('<li class="projet-carte">') == n
    # Photo de l'idée quand il y en a une, vignette neutre sinon.
    assert page.count('class="projet-carte__vignette"') == (n + 1) // 2
    assert page.count("projet-carte__vignette--neutre") == n // 2
    assert "12\u202f500\u00a0€" in page and "<dd>Auch</dd>" in page and "<dd>Générale</dd>" in page
    assert "32013" not in page


def test_page_projet_description_lieu_analyse(client):
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, nom="Générale", budget=Decimal(900_000))
    auch = CommuneFactory(code="32013", nom="Auch")
    p = projet(env, "007", 18000, commune=auch, description="Dix bancs le long de la Baïse.")
    _idee_avec_photo(p)
    page = client.get(reverse("participation:projet", args=[c.slug, p.pk])).content.decode()
    assert "Dix bancs le long de la Baïse." in page
    assert "Situé à Auch." in page and "data-carte-communes" in page
    assert "Avis technique</dt><dd>Favorable" in page and "1\u202f352,46\u00a0€" in page
    assert "Faisable ; coût confirmé." in page and "18\u202f000\u00a0€" in page
    assert "32013" not in page.split("carte-projet-donnees")[0]


def test_page_projet_404(client):
    c = CampagneFactory(phase="vote")
    autre = CampagneFactory(phase="vote")
    env = enveloppe(c)
    non_soumis = projet(env, "1", 10, soumis_au_vote=False)
    soumis = projet(env, "2", 10)
    assert (
        client.get(reverse("participation:projet", args=[c.slug, non_soumis.pk])).status_code == 404
    )
    assert (
        client.get(reverse("participation:projet", args=[autre.slug, soumis.pk])).status_code == 404
    )
