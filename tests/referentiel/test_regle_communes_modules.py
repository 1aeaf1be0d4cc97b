"""The rule of the communes through each module's real forms and imports, on the real Gers:
a commune déléguée, an associée, an absorbed code and an unknown code are refused, each with
the current commune to choose."""

from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from territoires.clauses import services as clauses_services
from territoires.comptes.forms import OrganisationForm
from territoires.comptes.models import Organisation, Role
from territoires.ingenierie.forms import SollicitationForm
from territoires.participation.forms import FranceConnectForm, ProfilForm
from territoires.referentiel.models import Commune
from tests.aides.factories import world as aides_world
from tests.clauses.classeur import ecrire_xlsx, generer
from tests.comptes.factories import ServiceFactory, login, member

pytestmark = pytest.mark.django_db

# Code typed → what the refusal must say.
REFUS = {
    "32168": "32168 est Labarrère, commune déléguée de Castelnau d'Auzan Labarrère (32079) : "
    "choisissez Castelnau d'Auzan Labarrère.",
    "32011": "32011 est Artiguedieu, commune associée de Seissan (32426) : choisissez Seissan.",
    "32006": "32006 est un ancien code : cette commune a rejoint Roquelaure (32348) ; "
    "choisissez Roquelaure.",
    "32999": "Code INSEE « 32999 » inconnu du référentiel des communes.",
}


@pytest.fixture
def gers(db):
    call_command("referentiel_import", "--departement", "32", verbosity=0)


def test_aides_dossier_form_lists_each_refused_commune(client, gers):
    w = aides_world()
    login(client, w.agent)
    data = {
        "intitule": "Réfection du lavoir",
        "siret_beneficiaire": w.commune.siret,
        "cout_ht": "20000",
        "montant_demande": "8000",
        # Issue 14: the expense lines add up to the cost.
        "depense_0_libelle": "Travaux",
        "depense_0_montant": "20000",
        "communes": "32013, " + ", ".join(REFUS),
    }
    page = unescape(
        client.post(reverse("aides:dossier_nouveau", args=["ddr"]), data).content.decode()
    )
    for message in REFUS.values():
        assert message in page
    assert not w.commune.dossiers_aides.exists()

    client.post(reverse("aides:dossier_nouveau", args=["ddr"]), data | {"communes": "32013, 32079"})
    dossier = w.commune.dossiers_aides.get()
    assert sorted(c.nom for c in dossier.communes.all()) == ["Auch", "Castelnau d'Auzan Labarrère"]


def test_clauses_company_form_and_import_name_the_current_commune(client, gers, tmp_path):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    for code, message in REFUS.items():
        page = client.post(
            reverse("clauses:entreprise_ajout"),
            {"siret": "73282932000074", "nom": "Bâtiments du Gers", "commune_code": code},
        )
        assert message in unescape(page.content.decode())

    donnees = generer(graine=3, communes=("32013",))
    for ligne, code in zip(donnees["heures"], REFUS, strict=False):
        ligne["commune_residence"] = code
    with pytest.raises(clauses_services.ImportRefuse) as refus:
        clauses_services.classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "classeur.xlsx"))
    messages = {e.ligne: e.message for e in refus.value.erreurs if e.feuille == "heures"}
    for ligne, message in zip(range(2, 6), REFUS.values(), strict=True):
        assert messages[ligne] == f"commune de résidence : {message}"


def test_participation_forms_refuse_what_is_not_a_current_commune(gers):
    for code, message in REFUS.items():
        assert FranceConnectForm({"commune": code}).errors["commune"] == [message]
        profil = ProfilForm({"date_naissance": "12/05/1980", "commune": code})
        assert profil.errors["commune"] == [message]
    assert FranceConnectForm({"commune": "32348"}).is_valid()


def test_organisation_form_refuses_a_deleguee_and_an_associee(gers):
    for code, kind in (("32168", Commune.Type.DELEGUEE), ("32011", Commune.Type.ASSOCIEE)):
        rattachee = Commune.objects.get(code=code, type=kind)
        form = OrganisationForm(
            {"nom": "Mairie", "type": Organisation.Type.COMMUNE, "commune": rattachee.pk}
        )
        assert REFUS[code] in form.errors["commune"]
    auch = Commune.objects.get(code="32013", type=Commune.Type.ACTUELLE)
    form = OrganisationForm({"nom": "Mairie d'Auch", "type": "commune", "commune": auch.pk})
    assert "commune" not in form.errors


def test_sollicitation_form_offers_current_communes_only(gers):
    form = SollicitationForm(staff=True)
    offertes = form.fields["communes"].queryset
    assert offertes.filter(code="32013").exists()
    assert not offertes.exclude(type=Commune.Type.ACTUELLE).exists()
    deleguee = Commune.objects.get(code="32168", type=Commune.Type.DELEGUEE)
    form = SollicitationForm({"communes": deleguee.nom}, staff=True)  # chosen by name
    assert "communes" in form.errors


def test_autocomplete_offers_the_current_commune_for_an_old_code(client, gers):
    data = client.get("/territoires/recherche/communes.json", {"q": "32168"}).json()
    [resultat] = data["results"]
    assert resultat["code"] == "32079"
    assert resultat["note"] == REFUS["32168"]
    data = client.get("/territoires/recherche/communes.json", {"q": "32006"}).json()
    assert [r["nom"] for r in data["results"]] == ["Roquelaure"]
    assert client.get("/territoires/recherche/communes.json", {"q": "32999"}).json() == {
        "query": "32999",
        "results": [],
    }
