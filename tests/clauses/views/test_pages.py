import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.clauses.models import Contrat, ImportClauses, Marche
from territoires.clauses.services.imports import classeur_import
from territoires.comptes.models import Organisation, Role
from territoires.core.models import Evenement
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

from ..classeur import ecrire_xlsx, generer
from ..factories import ContratFactory, EntrepriseFactory, LotFactory, ParticipantFactory, heures

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitateur(client):
    user = member(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, user)
    return user


def test_facilitator_imports_a_workbook_then_a_bad_one(client, facilitateur, communes, tmp_path):
    donnees = generer(graine=21)
    chemin = ecrire_xlsx(donnees, tmp_path / "suivi.xlsx")
    with chemin.open("rb") as f:
        response = client.post(reverse("clauses:import"), {"fichier": f})
    import_ = ImportClauses.objects.get()
    assert response.status_code == 302
    assert response["Location"] == import_.get_absolute_url()
    page = client.get(import_.get_absolute_url()).content.decode()
    assert "Fichier importé" in page
    assert Marche.objects.exists()

    donnees["heures"][0]["heures"] = -1
    donnees["heures"][2]["commune_residence"] = "00000"
    with ecrire_xlsx(donnees, tmp_path / "mauvais.xlsx").open("rb") as f:
        response = client.post(reverse("clauses:import"), {"fichier": f})
    refuse = ImportClauses.objects.order_by("-pk").first()
    page = client.get(refuse.get_absolute_url()).content.decode()
    assert "Fichier refusé : 2 erreurs" in page
    assert "heures négatives" in page
    assert "commune de résidence : Code INSEE « 00000 » inconnu" in page


def test_csv_upload_needs_both_files(client, facilitateur, communes, tmp_path):
    from ..classeur import ecrire_csv

    marches, heures_csv = ecrire_csv(generer(graine=22), tmp_path)
    with marches.open("rb") as m:
        response = client.post(reverse("clauses:import"), {"fichier": m})
    assert "Avec marches.csv, joignez aussi heures.csv." in response.content.decode()
    with marches.open("rb") as m, heures_csv.open("rb") as h:
        response = client.post(reverse("clauses:import"), {"fichier": m, "fichier_heures": h})
    assert ImportClauses.objects.get().statut == "importe"


def test_template_download(client, facilitateur):
    response = client.get(reverse("clauses:import_modele"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")


def test_marche_followed_to_its_final_report(client, facilitateur):
    lot = LotFactory(heures_prescrites=100)
    contrat = ContratFactory()
    heures(lot=lot, contrat=contrat, nombre=60)
    marche = lot.marche
    url = marche.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Étape 1 sur 6 : Étude de faisabilité" in page
    assert contrat.participant.identifiant in page
    for transition in ("vers_calibrage", "vers_redaction", "vers_conseil", "vers_execution"):
        client.post(reverse("clauses:marche_etape", args=[marche.pk]), {"transition": transition})
    response = client.post(
        reverse("clauses:marche_etape", args=[marche.pk]),
        {"transition": "vers_bilan", "motif": "Chantier réceptionné"},
    )
    assert response.status_code == 302
    assert Marche.objects.get(pk=marche.pk).statut == "bilan"
    bilan = client.get(reverse("clauses:marche_bilan", args=[marche.pk])).content.decode()
    assert "Bilan final du marché" in bilan
    assert "non atteint" in bilan
    assert "Chantier réceptionné" in bilan
    # A transition not possible any more is refused.
    client.post(reverse("clauses:marche_etape", args=[marche.pk]), {"transition": "vers_conseil"})
    assert Marche.objects.get(pk=marche.pk).statut == "bilan"


def test_meeting_and_hours_calculator(client, facilitateur):
    lot = LotFactory()
    response = client.post(
        reverse("clauses:reunion_ajout", args=[lot.marche.pk]),
        {"type": "reunion_chantier", "date": "2022-05-03", "compte_rendu": "Point sur les heures"},
    )
    assert response.status_code == 302
    assert lot.marche.reunions.count() == 1
    response = client.post(
        reverse("clauses:lot_calcul", args=[lot.pk]),
        {"montant": "1000000", "part_main_oeuvre_pct": "50", "taux_insertion_pct": "5",
         "cout_horaire": "30"},
    )  # fmt: skip
    lot.refresh_from_db()
    assert lot.heures_prescrites == 833
    # Everyone who sees the marché reads how the hours were computed.
    page = client.get(lot.marche.get_absolute_url()).content.decode()
    assert "1\u00a0000\u00a0000 € × 50 % × 5 % ÷ 30 €/h" in page


def test_alerts_lagging_lot_and_contract_ending(client, facilitateur):
    today = timezone.localdate()
    lot = LotFactory(
        heures_prescrites=1000,
        marche__date_notification=today - datetime.timedelta(days=200),
        marche__duree_mois=12,
    )
    contrat = ContratFactory(date_debut=today - datetime.timedelta(days=100),
                             date_fin=today + datetime.timedelta(days=20))  # fmt: skip
    heures(lot=lot, contrat=contrat, mois=today.replace(day=1), nombre=10)
    page = client.get(reverse("clauses:marches")).content.decode()
    assert "Lots en retard sur leur calendrier (1)" in page
    assert "Contrats qui se terminent avec des heures encore dues (1)" in page
    assert contrat.participant.identifiant in page


def test_participant_access_is_journaled_and_only_for_the_facilitator(client, facilitateur):
    participant = ParticipantFactory()
    response = client.get(reverse("clauses:participant", args=[participant.pk]))
    assert response.status_code == 200
    assert Evenement.objects.filter(
        object_id=str(participant.pk), description="Consultation de la fiche participant"
    ).exists()
    client.get(reverse("clauses:participants"))
    assert Evenement.objects.filter(object_id=str(participant.pk)).count() == 2

    directeur = member(Role.DIRECTION, organisation=ServiceFactory())
    login(client, directeur)
    assert client.get(reverse("clauses:participants")).status_code == 403
    assert client.get(reverse("clauses:participant", args=[participant.pk])).status_code == 404
    assert client.get(reverse("clauses:bilan")).status_code == 200


def test_buyer_sees_its_own_marches_and_no_participant(client):
    lot = LotFactory()
    contrat = ContratFactory()
    heures(lot=lot, contrat=contrat)
    autre = LotFactory()
    mairie = OrganisationFactory()
    lot.marche.donneur_ordre.organisation = mairie
    lot.marche.donneur_ordre.save()
    login(client, MembreFactory(organisation=mairie).user)
    page = client.get(reverse("clauses:marches")).content.decode()
    assert lot.marche.reference in page
    assert autre.marche.reference not in page
    detail = client.get(lot.marche.get_absolute_url())
    assert detail.status_code == 200
    assert contrat.participant.identifiant not in detail.content.decode()
    assert client.get(autre.marche.get_absolute_url()).status_code == 404
    assert client.get(reverse("clauses:bilan")).status_code == 403


def test_company_sees_its_obligations(client):
    societe = OrganisationEntrepriseFactory()
    entreprise = EntrepriseFactory(organisation=societe)
    lot = LotFactory(heures_prescrites=300)
    heures(lot=lot, contrat=ContratFactory(entreprise=entreprise), nombre=70)
    heures(lot=lot, contrat=ContratFactory(), nombre=50)  # another company's hours
    login(client, MembreFactory(organisation=societe, role=Role.GESTIONNAIRE).user)
    page = client.get(reverse("clauses:obligations")).content.decode()
    assert lot.marche.reference in page
    assert ">70<" in page
    assert "<td>Attributaire</td>" in page
    assert client.get(lot.marche.get_absolute_url()).status_code == 200
    assert client.get(LotFactory().marche.get_absolute_url()).status_code == 404
    assert Organisation.objects.filter(pk=societe.pk).exists()


def test_public_figures_page_and_open_data_hide_small_counts(client, communes, tmp_path):
    classeur_import(fichier=ecrire_xlsx(generer(graine=25, participants=6), tmp_path / "p.xlsx"))
    page = client.get(reverse("clauses:chiffres") + "?annee=2022").content.decode()
    assert "&lt; 5" in page and "sont masqués (« &lt; 5 »)" in page
    data = client.get(reverse("clauses:chiffres_json") + "?annee=2022").json()
    compte = [data["femmes"], data["entreprises"], data["participants"]]
    compte += [r["participants"] for r in data["par_critere"] + data["par_type_contrat"]]
    assert all(c is None or c == 0 or c >= 5 for c in compte)
    assert any(c is None for c in compte)


def test_bilan_page_and_exports(client, facilitateur, communes, tmp_path):
    classeur_import(fichier=ecrire_xlsx(generer(graine=23), tmp_path / "c.xlsx"))
    page = client.get(reverse("clauses:bilan") + "?annee=2022").content.decode()
    assert "Heures réalisées par type de contrat de travail" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    url = reverse("clauses:bilan_export")
    data = client.get(url + "?annee=2022&format=json").json()
    assert data["annee"] == 2022
    assert client.get(url + "?annee=2022&format=xlsx").status_code == 200
    pdf = client.get(url + "?annee=2022&format=pdf")
    assert pdf.content.startswith(b"%PDF")


def _queries(client, name) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx.captured_queries)


def _rows(n: int) -> None:
    from territoires.clauses.models import Critere

    lot = LotFactory()
    for _ in range(n):
        contrat = ContratFactory()
        contrat.participant.criteres.add(*Critere.objects.all()[:2])
        heures(lot=lot, contrat=contrat)
        LotFactory()


def test_lists_run_a_constant_number_of_queries(client, facilitateur):
    names = ("clauses:marches", "clauses:participants", "clauses:entreprises")
    _rows(3)
    for name in names:  # warm the per-process caches (content types) before counting
        _queries(client, name)
    small = {name: _queries(client, name) for name in names}
    _rows(20)
    large = {name: _queries(client, name) for name in names}
    assert small == large
    assert Contrat.objects.count() == 23


def test_ui_import_reports_progress_through_core_tasks(client, facilitateur, communes, tmp_path):
    from territoires.core.models import TacheSuivi

    with ecrire_xlsx(generer(graine=24), tmp_path / "s.xlsx").open("rb") as f:
        client.post(reverse("clauses:import"), {"fichier": f})
    import_ = ImportClauses.objects.get()
    suivi = TacheSuivi.objects.get(pk=import_.tache_id)
    assert suivi.statut == TacheSuivi.Statut.TERMINEE
    assert suivi.resultat_url == import_.get_absolute_url()
    assert suivi.total == 9
    page = client.get(suivi.get_absolute_url()).content.decode()
    assert "Créés :" in page


def test_facilitator_home_sections(client, facilitateur):
    LotFactory()
    page = client.get("/").content.decode()
    assert "Marchés avec clauses sociales à suivre" in page
    assert "1 marché en cours d'accompagnement." in page
    assert "insertion à contrôler" in page


def test_duration_sets_the_schedule_of_the_alerts(client, facilitateur):
    lot = LotFactory(
        heures_prescrites=1200,
        marche__duree_mois=None,
        marche__date_notification=timezone.localdate() - datetime.timedelta(days=180),
    )
    url = lot.marche.get_absolute_url()
    assert "Lots en retard sur leur calendrier" not in client.get(url).content.decode()
    client.post(reverse("clauses:marche_calendrier", args=[lot.marche_id]), {"duree_mois": "12"})
    assert Marche.objects.get(pk=lot.marche_id).duree_mois == 12
    assert "Lots en retard sur leur calendrier (1)" in client.get(url).content.decode()
    assert Evenement.objects.filter(object_id=str(lot.marche_id), action="modification").exists()


def test_running_import_page_polls(client, facilitateur):
    from ..factories import monde_permissions

    import_ = ImportClauses.objects.get(pk=monde_permissions({})["import_id"])
    page = client.get(import_.get_absolute_url()).content.decode()
    assert "Import en cours" in page
    assert 'hx-trigger="every 2s"' in page
