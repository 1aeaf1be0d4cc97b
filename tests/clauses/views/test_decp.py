"""The DECP screen: upload, pre-filled marchés, buyers not followed yet, start following."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.clauses.models import DonneurOrdre, ImportDecp, Marche
from territoires.comptes.models import Role
from territoires.core.models import TacheSuivi
from tests.comptes.factories import (
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    login,
    member,
)

from ..factories import DonneurOrdreFactory
from ..services.test_decp import EXEMPLE, SUIVI

pytestmark = pytest.mark.django_db
NON_SUIVI = "20002000600017"


@pytest.fixture
def facilitateur(client):
    user = member(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, user)
    return user


def _deposer(client, contenu: bytes, nom: str = "decp.json"):
    fichier = SimpleUploadedFile(nom, contenu, content_type="application/json")
    return client.post(reverse("clauses:decp"), {"fichier": fichier})


def test_facilitator_uploads_decp_then_follows_a_buyer(client, facilitateur):
    DonneurOrdreFactory(siret=SUIVI, nom="Commune suivie")
    response = _deposer(client, EXEMPLE.read_bytes())
    import_ = ImportDecp.objects.get()
    assert response.status_code == 302 and response["Location"] == import_.get_absolute_url()
    page = client.get(import_.get_absolute_url()).content.decode()
    assert "Marchés lus : 5. Pour les donneurs d'ordre suivis : créés : 2, complétés : 0." in page
    assert "Marchés « Clause sociale » d'acheteurs non suivis : 1." in page
    assert "2024-001" in page  # pre-filled for the followed buyer
    assert "20/06/2024" in page
    assert f"SIRET {NON_SUIVI}" in page and "2024-017" in page and "2024-018" not in page
    assert TacheSuivi.objects.get(pk=import_.tache_id).statut == TacheSuivi.Statut.TERMINEE

    url = reverse("clauses:decp_suivre", args=[import_.pk])
    donnees = {"siret": NON_SUIVI, "nom": "Syndicat des eaux", "categorie": "epci"}
    response = client.post(url, donnees, follow=True)
    assert "Syndicat des eaux est suivi : 1 marché ajouté(s)" in response.content.decode()
    donneur = DonneurOrdre.objects.get(siret=NON_SUIVI)
    assert donneur.suivi and donneur.categorie == "epci"
    marche = Marche.objects.get(donneur_ordre=donneur)
    assert (marche.reference, marche.decp_uid) == ("2024-017", NON_SUIVI + "2024-017")
    assert "Cet acheteur est maintenant suivi" in response.content.decode()
    client.post(url, donnees)  # twice: nothing more
    assert Marche.objects.filter(donneur_ordre=donneur).count() == 1

    # The next file pre-fills this buyer's marchés like the others'.
    _deposer(client, EXEMPLE.read_bytes())
    assert ImportDecp.objects.first().resultat["non_suivis"] == []


def test_a_known_but_unfollowed_buyer_keeps_its_name(client, facilitateur):
    DonneurOrdreFactory(siret=NON_SUIVI, nom="Office HLM", suivi=False)
    _deposer(client, EXEMPLE.read_bytes())
    import_ = ImportDecp.objects.get()
    assert "Office HLM — SIRET" in client.get(import_.get_absolute_url()).content.decode()
    client.post(
        reverse("clauses:decp_suivre", args=[import_.pk]),
        {"siret": NON_SUIVI, "nom": "Office HLM", "categorie": "bailleur"},
    )
    assert DonneurOrdre.objects.get(siret=NON_SUIVI).suivi


def test_bad_files_are_refused_with_a_clear_message(client, facilitateur, settings):
    page = _deposer(client, b"ceci n'est pas du JSON").content.decode()
    assert "n&#x27;est pas un JSON valide" in page
    _deposer(client, json.dumps({"autre": 1}).encode())
    import_ = ImportDecp.objects.get()
    assert import_.statut == ImportDecp.Statut.REFUSE
    assert "Aucune liste « marches »" in client.get(import_.get_absolute_url()).content.decode()
    settings.DOCUMENT_MAX_SIZE = 100
    page = _deposer(client, EXEMPLE.read_bytes()).content.decode()
    assert "dépasse la taille maximale" in page
    assert not Marche.objects.exists()


def test_a_large_file_reports_its_progress(client, facilitateur):
    DonneurOrdreFactory(siret=SUIVI)
    records = [
        {"id": f"2024-{i:05d}", "acheteur": {"id": SUIVI}, "nature": "Marché", "objet": f"Lot {i}",
         "dateNotification": "2024-03-12", "considerationsSociales": {
             "considerationSociale": ["Clause sociale"]}}
        for i in range(1200)
    ]  # fmt: skip
    _deposer(client, json.dumps({"marches": {"marche": records}}).encode())
    suivi = TacheSuivi.objects.get(pk=ImportDecp.objects.get().tache_id)
    assert (suivi.fait, suivi.total) == (1200, 1200)
    assert Marche.objects.count() == 1200


def test_only_the_facilitator_reaches_the_decp_screen(client):
    for user in (
        member(Role.DIRECTION, organisation=ServiceFactory()),
        MembreFactory(organisation=OrganisationFactory()).user,
    ):
        login(client, user)
        assert client.get(reverse("clauses:decp")).status_code == 403
