"""Companies: the facilitator's forms (SIRET, headcount, commune, SIAE kind), their role on
each lot, and the optional columns of the import."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from territoires.clauses.models import Attribution, Entreprise
from territoires.clauses.services.imports import ImportRefuse, classeur_import
from territoires.comptes.models import Role
from territoires.core.models import Evenement
from tests.comptes.factories import (
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    login,
    member,
    valid_siren,
    valid_siret,
)

from ..classeur import ecrire_csv, ecrire_xlsx, generer
from ..factories import ContratFactory, EntrepriseFactory, LotFactory, heures

pytestmark = pytest.mark.django_db

SIRET = valid_siret(valid_siren(9876, "4"))


@pytest.fixture
def facilitateur(client):
    user = member(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, user)
    return user


def _formulaire(**valeurs):
    defaut = {"siret": SIRET, "nom": "Bâtiments du Gers", "effectif": "14",
              "commune_code": "32013", "type_employeur": "EI", "organisation": ""}  # fmt: skip
    return defaut | valeurs


def test_facilitator_adds_a_company_bad_input_keeps_what_was_typed(client, facilitateur, communes):
    url = reverse("clauses:entreprise_ajout")
    page = client.post(url, _formulaire(siret="12345678901234", commune_code="99999"))
    texte = page.content.decode()
    assert page.status_code == 200
    assert "« 12345678901234 » n&#x27;est pas un numéro SIRET valide." in texte
    assert "Code INSEE « 99999 » inconnu du référentiel des communes." in texte
    assert 'value="Bâtiments du Gers"' in texte  # nothing typed is lost
    assert not Entreprise.objects.exists()

    response = client.post(url, _formulaire(siret=f"{SIRET[:9]} {SIRET[9:]}"))
    assert response.status_code == 302
    entreprise = Entreprise.objects.get()
    assert (entreprise.siret, entreprise.effectif) == (SIRET, 14)
    assert entreprise.commune.code == "32013"
    assert entreprise.get_type_employeur_display() == "Entreprise d'insertion (EI)"
    liste = client.get(reverse("clauses:entreprises")).content.decode()
    assert "Bâtiments du Gers" in liste and "Entreprise d&#x27;insertion (EI)" in liste


def test_facilitator_edits_a_company_and_the_change_is_journaled(client, facilitateur, communes):
    entreprise = EntrepriseFactory(siret=SIRET)
    url = reverse("clauses:entreprise_modifier", args=[entreprise.pk])
    assert entreprise.nom in client.get(url).content.decode()
    response = client.post(url, _formulaire(type_employeur="ETTI", effectif="3", commune_code=""))
    assert response.status_code == 302
    entreprise.refresh_from_db()
    assert (entreprise.type_employeur, entreprise.effectif, entreprise.commune) == ("ETTI", 3, None)
    assert Evenement.objects.filter(
        object_id=str(entreprise.pk), action=Evenement.Action.MODIFICATION
    ).exists()
    autre = EntrepriseFactory()
    page = client.post(url, _formulaire(siret=autre.siret)).content.decode()
    assert "existe déjà" in page


def test_role_of_a_company_on_a_lot(client, facilitateur):
    lot = LotFactory()
    entreprise = EntrepriseFactory()
    url = reverse("clauses:lot_attribution", args=[lot.pk])
    client.post(url, {"entreprise": entreprise.pk, "role": "sous_traitant"})
    assert Attribution.objects.get(lot=lot, entreprise=entreprise).role == "sous_traitant"
    client.post(url, {"entreprise": entreprise.pk, "role": "cotraitant"})
    assert Attribution.objects.get(lot=lot, entreprise=entreprise).role == "cotraitant"
    page = client.get(lot.marche.get_absolute_url()).content.decode()
    assert f"{entreprise.nom} (co-traitant)" in page
    client.post(url, {"entreprise": entreprise.pk, "role": "cotraitant", "action": "retirer"})
    assert not Attribution.objects.filter(lot=lot).exists()

    # A company with hours on the lot stays on it.
    heures(lot=lot, contrat=ContratFactory(entreprise=entreprise))
    response = client.post(
        url, {"entreprise": entreprise.pk, "role": "attributaire", "action": "retirer"}, follow=True
    )
    assert "a des heures sur le lot" in response.content.decode()
    assert Attribution.objects.filter(lot=lot, entreprise=entreprise).exists()


def test_only_the_facilitator_edits_companies(client):
    entreprise = EntrepriseFactory()
    lot = LotFactory(marche__donneur_ordre__organisation=OrganisationFactory())
    for user in (
        member(Role.DIRECTION, organisation=ServiceFactory()),
        MembreFactory(organisation=lot.marche.donneur_ordre.organisation).user,
    ):
        login(client, user)
        assert client.get(reverse("clauses:entreprise_ajout")).status_code == 403
        url = reverse("clauses:entreprise_modifier", args=[entreprise.pk])
        assert client.get(url).status_code == 404
        url = reverse("clauses:lot_attribution", args=[lot.pk])
        assert client.post(
            url, {"entreprise": entreprise.pk, "role": "cotraitant"}
        ).status_code in (
            403,
            404,
        )
    assert not Attribution.objects.exists()


def _avec_colonnes_facultatives(donnees: dict) -> dict:
    for ligne in donnees["heures"]:
        if ligne["entreprise_nom"] == "Entreprise 1":
            ligne["entreprise_siae"] = "ACI"
            ligne["entreprise_role"] = "sous-traitant"
    return donnees


def test_import_optional_columns_set_role_and_siae(communes, tmp_path):
    donnees = _avec_colonnes_facultatives(generer(graine=31))
    assert any("entreprise_role" in ligne for ligne in donnees["heures"])
    classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "a.xlsx"))
    entreprise = Entreprise.objects.get(nom="Entreprise 1")
    assert entreprise.type_employeur == "ACI"
    assert set(entreprise.attributions.values_list("role", flat=True)) == {"sous_traitant"}
    assert Attribution.objects.exclude(entreprise=entreprise).filter(role="attributaire").exists()

    # Importing it again changes nothing; a file without the columns keeps what was set.
    again = classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "b.xlsx"))
    assert sum(again.modifies.values()) == 0 and sum(again.crees.values()) == 0
    marches, heures_csv = ecrire_csv(generer(graine=31), tmp_path)
    with marches.open("rb") as m, heures_csv.open("rb") as h:
        classeur_import(fichier=m, fichier_heures=h)
    entreprise.refresh_from_db()
    assert entreprise.type_employeur == "ACI"
    assert set(entreprise.attributions.values_list("role", flat=True)) == {"sous_traitant"}


def test_import_rejects_unknown_role_or_siae(communes, tmp_path):
    donnees = generer(graine=32)
    donnees["heures"][0]["entreprise_role"] = "mandataire"
    donnees["heures"][1]["entreprise_siae"] = "XYZ"
    with pytest.raises(ImportRefuse) as refus:
        classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "c.xlsx"))
    messages = [e.message for e in refus.value.erreurs]
    assert any("rôle de l'entreprise « mandataire » inconnu" in m for m in messages)
    assert any("employeur d'insertion « XYZ » inconnu" in m for m in messages)
    assert not Entreprise.objects.exists()


def test_template_has_the_optional_columns_explained(client, facilitateur):
    classeur = load_workbook(io.BytesIO(client.get(reverse("clauses:import_modele")).content))
    entetes = [c.value for c in classeur["heures"][1]]
    assert entetes[-2:] == ["entreprise_role", "entreprise_siae"]
    explications = {row[1]: row[2] for row in classeur["explications"].iter_rows(values_only=True)}
    assert explications["entreprise_role"].startswith("Facultatif")
    assert explications["entreprise_siae"].startswith("Facultatif")


def test_facilitator_links_a_buyer_to_its_account(client, facilitateur):
    lot = LotFactory()
    donneur = lot.marche.donneur_ordre
    mairie = OrganisationFactory()
    page = client.get(reverse("clauses:donneurs")).content.decode()
    assert donneur.nom in page
    url = reverse("clauses:donneur_modifier", args=[donneur.pk])
    response = client.post(
        url, {"nom": donneur.nom, "categorie": "commune", "organisation": mairie.pk, "suivi": "on"}
    )
    assert response.status_code == 302
    donneur.refresh_from_db()
    assert donneur.organisation == mairie
    assert Evenement.objects.filter(object_id=str(donneur.pk), action="modification").exists()

    login(client, MembreFactory(organisation=mairie).user)
    assert lot.marche.reference in client.get(reverse("clauses:marches")).content.decode()
    assert client.get(lot.marche.get_absolute_url()).status_code == 200
    assert client.get(reverse("clauses:donneurs")).status_code == 403
    assert client.get(url).status_code == 404


def test_buyer_list_runs_a_constant_number_of_queries(client, facilitateur):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import DonneurOrdreFactory

    def compte() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("clauses:donneurs")).status_code == 200
        return len(ctx.captured_queries)

    LotFactory(marche__donneur_ordre__organisation=OrganisationFactory())
    compte()
    petit = compte()
    for _ in range(15):
        LotFactory(marche__donneur_ordre=DonneurOrdreFactory(organisation=OrganisationFactory()))
    assert compte() == petit
