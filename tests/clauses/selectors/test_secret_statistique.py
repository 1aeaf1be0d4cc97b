"""Small counts of people: exact for the facilitator only, « < 5 » for everyone else."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territoires.clauses.models import Participant
from territoires.comptes.models import Role
from tests.comptes.factories import (
    EntrepriseFactory as OrganisationEntrepriseFactory,
)
from tests.comptes.factories import (
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    login,
    member,
)

from ..factories import ContratFactory, EntrepriseFactory, LotFactory, heures

pytestmark = pytest.mark.django_db


@pytest.fixture
def marche_de_trois():
    """One marché, one company, three people (one woman), 35 h each: 105 h."""
    mairie = OrganisationFactory()
    societe = OrganisationEntrepriseFactory()
    entreprise = EntrepriseFactory(organisation=societe)
    lot = LotFactory(heures_prescrites=300, marche__donneur_ordre__organisation=mairie)
    for sexe in ("F", "M", "M"):
        contrat = ContratFactory(entreprise=entreprise, participant__sexe=sexe)
        heures(lot=lot, contrat=contrat, nombre=35)
    return {"lot": lot, "mairie": mairie, "societe": societe}


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("qui", ["acheteur", "entreprise"])
def test_buyer_and_company_see_small_counts_masked_and_exact_hours(client, marche_de_trois, qui):
    organisation = marche_de_trois["mairie" if qui == "acheteur" else "societe"]
    login(client, MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE).user)
    marche = marche_de_trois["lot"].marche
    for url in (marche.get_absolute_url(), reverse("clauses:marche_bilan", args=[marche.pk])):
        page = _page(client, url)
        assert "<dt>Personnes</dt><dd>&lt; 5</dd>" in page
        assert "<dt>Personnes</dt><dd>3</dd>" not in page
        assert "105 h" in page  # hours stay exact
    bilan = _page(client, reverse("clauses:marche_bilan", args=[marche.pk]))
    assert '<td class="numeric">&lt; 5</td><td class="numeric">105</td>' in bilan
    assert "Soit 0,1 ETP (base de 1\u00a0820 h par ETP)" in bilan


def test_facilitator_sees_exact_small_counts(client, marche_de_trois):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    marche = marche_de_trois["lot"].marche
    assert "<dt>Personnes</dt><dd>3</dd>" in _page(client, marche.get_absolute_url())
    data = client.get(reverse("clauses:bilan_export") + "?annee=2022&format=json").json()
    assert (data["participants"], data["femmes"]) == (3, 1)
    assert "seuil_secret_statistique" not in data


def test_other_staff_get_the_yearly_report_masked_in_every_format(client, marche_de_trois):
    login(client, member(Role.DIRECTION, organisation=ServiceFactory()))
    page = _page(client, reverse("clauses:bilan") + "?annee=2022")
    assert "&lt; 5 personnes bénéficiaires" in page
    assert "dont &lt; 5 femmes" in page
    assert "105 h réalisées" in page
    url = reverse("clauses:bilan_export") + "?annee=2022&format="
    data = client.get(url + "json").json()
    assert data["participants"] is None and data["femmes"] is None
    assert data["heures_realisees"] == 105
    assert data["seuil_secret_statistique"] == 5
    assert [r["participants"] for r in data["par_type_contrat"]] == [None]
    classeur = load_workbook(io.BytesIO(client.get(url + "xlsx").content))
    synthese = {row[0]: row[2] for row in classeur["Synthèse"].iter_rows(values_only=True)}
    assert synthese["participants"] == "< 5"
    assert synthese["femmes"] == "< 5"
    assert synthese["heures_realisees"] == 105
    assert classeur["Par type de contrat"]["C2"].value == "< 5"
    from pypdf import PdfReader

    texte = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get(url + "pdf").content)).pages
    )
    assert "< 5 personnes bénéficiaires" in texte
    assert "105 h réalisées" in texte


def test_counts_of_five_or_more_are_shown_to_everyone(client, marche_de_trois):
    lot = marche_de_trois["lot"]
    for _ in range(2):
        heures(lot=lot, contrat=ContratFactory(), nombre=10)
    assert Participant.objects.count() == 5
    login(client, MembreFactory(organisation=marche_de_trois["mairie"]).user)
    assert "<dt>Personnes</dt><dd>5</dd>" in _page(client, lot.marche.get_absolute_url())
