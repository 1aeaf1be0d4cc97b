"""The public directory of insertion structures and companies (seed 003: « guides,
annuaires »): only those that agreed appear, found by name, activity, kind and commune,
exported as the page shows them, formulas neutralised."""

import pytest
from django.urls import reverse

from territoires.clauses.models import Entreprise
from territoires.comptes.models import Role
from tests.comptes.factories import ServiceFactory, login, member
from tests.core.formules import charge, contenu, verifier_csv, verifier_xlsx

from .factories import EntrepriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def annuaire(communes):
    return {
        "etti": EntrepriseFactory(
            nom="Gers Intérim insertion", type_employeur="ETTI", commune=communes["32013"],
            activites="Mise à disposition : bâtiment, espaces verts", dans_annuaire=True,
        ),
        "aci": EntrepriseFactory(
            nom="Atelier chantier Gascon", type_employeur="ACI", commune=communes["32208"],
            activites="Peinture, petite maçonnerie", dans_annuaire=True,
        ),
        "classique": EntrepriseFactory(
            nom="Gascogne Bâtiment", commune=communes["31555"], activites="Gros œuvre",
            dans_annuaire=True,
        ),
        "absente": EntrepriseFactory(
            nom="Discrète SARL", type_employeur="EI", commune=communes["32013"],
            activites="Peinture",
        ),
    }  # fmt: skip


def _noms(client, **params) -> list[str]:
    response = client.get(reverse("clauses:annuaire"), params)
    assert response.status_code == 200
    return [e.nom for e in response.context["page_obj"]]


def test_anyone_finds_the_structures_that_agreed_to_appear(client, annuaire):
    assert _noms(client) == [
        "Atelier chantier Gascon",
        "Gascogne Bâtiment",
        "Gers Intérim insertion",
    ]
    assert _noms(client, q="peinture") == ["Atelier chantier Gascon"]  # not the absent one
    assert _noms(client, q=annuaire["absente"].siret) == []
    assert _noms(client, type="insertion") == ["Atelier chantier Gascon", "Gers Intérim insertion"]
    assert _noms(client, type="ETTI") == ["Gers Intérim insertion"]
    assert _noms(client, type="classique") == ["Gascogne Bâtiment"]
    auch = annuaire["etti"].commune
    assert _noms(client, commune=auch.pk) == ["Gers Intérim insertion"]


def test_communes_are_offered_by_name_only_those_with_a_structure(client, annuaire):
    page = client.get(reverse("clauses:annuaire")).content.decode()
    assert "Auch (Gers)" in page and "Toulouse (Haute-Garonne)" in page
    assert "32013" not in page  # never the INSEE code
    assert "Discrète SARL" not in page


def test_an_unknown_commune_is_an_error_not_a_crash(client, annuaire):
    response = client.get(reverse("clauses:annuaire"), {"commune": "999999"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert list(response.context["page_obj"]) == []


def test_the_export_has_the_page_s_rows_with_formulas_neutralised(client, annuaire):
    EntrepriseFactory(nom=charge(0), type_employeur="EI", dans_annuaire=True, activites=charge(4))
    reponse = client.get(reverse("clauses:annuaire_csv"), {"type": "insertion"})
    lignes = verifier_csv(contenu(reponse).decode("utf-8"), attendus=[charge(0), charge(4)])
    assert lignes[0][:4] == ["Structure", "SIRET", "Type", "Activités"]
    assert sorted(ligne[0] for ligne in lignes[1:])[1:] == [
        "Atelier chantier Gascon", "Gers Intérim insertion",
    ]  # fmt: skip
    tout = contenu(client.get(reverse("clauses:annuaire_xlsx")))
    classeur = verifier_xlsx(tout, attendus=[charge(0), charge(4), "Gascogne Bâtiment"])
    assert "Discrète SARL" not in str(list(classeur["Annuaire"].iter_rows(values_only=True)))


def test_the_page_and_export_read_a_constant_number_of_queries(
    client, annuaire, communes, django_assert_max_num_queries
):
    def compter(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    peu = [compter(reverse(n)) for n in ("clauses:annuaire", "clauses:annuaire_csv")]
    for i in range(40):
        EntrepriseFactory(dans_annuaire=True, commune=communes["32208"], activites=f"Lot {i}")
    assert [compter(reverse(n)) for n in ("clauses:annuaire", "clauses:annuaire_csv")] == peu


def test_the_facilitator_publishes_a_company_in_the_directory(client, communes):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    entreprise = EntrepriseFactory(nom="Baïse Isolation")
    url = reverse("clauses:entreprise_modifier", args=[entreprise.pk])
    response = client.post(url, {
        "siret": entreprise.siret, "nom": entreprise.nom, "effectif": "8",
        "commune_code": "32208", "type_employeur": "", "activites": " Isolation thermique ",
        "dans_annuaire": "on",
    })  # fmt: skip
    assert response.status_code == 302
    entreprise.refresh_from_db()
    assert (entreprise.dans_annuaire, entreprise.activites) == (True, "Isolation thermique")
    client.logout()
    assert "Baïse Isolation" in _noms(client, q="isolation")
    assert Entreprise.objects.filter(dans_annuaire=True).count() == 1
