"""The seed 004 indicators (issue 15): longer contracts, people on several clause sites,
requests for support received by the facilitator — on a world built by hand whose answers are
counted here by hand; their definitions in every output; the report's constant number of
queries; the page where the facilitator records the requests."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from territoires.clauses import exports
from territoires.clauses.models import (
    ConfigurationClauses,
    Contrat,
    DemandeAccompagnement,
    Operation,
)
from territoires.clauses.selectors.bilan import bilan_annuel
from territoires.clauses.selectors.parcours import duree_mois
from territoires.comptes.models import Role
from territoires.core.models import Evenement
from tests.comptes.factories import MembreFactory, OrganisationFactory, ServiceFactory, login
from tests.comptes.factories import member as membre

from .factories import (
    ContratFactory,
    DonneurOrdreFactory,
    LotFactory,
    MarcheFactory,
    ParticipantFactory,
    heures,
)

pytestmark = pytest.mark.django_db
ANNEE = 2022
T = Contrat.Type


def _contrat(type_contrat, debut, fin, **kwargs):
    return ContratFactory(type_contrat=type_contrat, date_debut=debut, date_fin=fin, **kwargs)


@pytest.fixture
def monde():
    """Five people; the hours of 2022 and of 2021 as written below.

    - A: CDI (long by its type), on M1 and M2, two marchés of the same operation: one site.
    - B: intérim from 1/1 to 30/6 (6 months: long by its length), on M1 and M3: two sites.
    - C: intérim from 1/1 to 29/6 (5 months and 29 days: not long), on M3 only.
    - D: CTT without an end (not long), on M3 and M4, two marchés without operation: two sites.
    - E: CDI with hours in 2021 only (long the year before).
    """
    donneur = DonneurOrdreFactory()
    operation = Operation.objects.create(donneur_ordre=donneur, nom="Quartier du Garros")
    m1 = LotFactory(marche=MarcheFactory(donneur_ordre=donneur, operation=operation))
    m2 = LotFactory(marche=MarcheFactory(donneur_ordre=donneur, operation=operation))
    m3 = LotFactory(marche=MarcheFactory(donneur_ordre=donneur))
    m4 = LotFactory(marche=MarcheFactory(donneur_ordre=donneur))
    d1, d2 = datetime.date(2022, 1, 1), datetime.date(2021, 1, 1)
    a = _contrat(T.CDI, d1, None)
    b = _contrat(T.INTERIM, d1, datetime.date(2022, 6, 30))
    c = _contrat(T.INTERIM, d1, datetime.date(2022, 6, 29))
    d = _contrat(T.CTT, d1, None, participant=ParticipantFactory(sexe="F"))
    e = _contrat(T.CDI, d2, None)
    mai, juin = datetime.date(2022, 5, 1), datetime.date(2022, 6, 1)
    heures(lot=m1, contrat=a, mois=mai, nombre=100)
    heures(lot=m2, contrat=a, mois=juin, nombre=50)
    heures(lot=m1, contrat=b, mois=mai, nombre=70)
    heures(lot=m3, contrat=b, mois=juin, nombre=30)
    heures(lot=m3, contrat=c, mois=mai, nombre=40)
    heures(lot=m3, contrat=d, mois=mai, nombre=20)
    heures(lot=m4, contrat=d, mois=juin, nombre=10)
    heures(lot=m4, contrat=e, mois=datetime.date(2021, 3, 1), nombre=90)
    # Requests: three in 2022 (whatever became of them), one in 2021, one in 2023.
    for jour, suite in [
        (datetime.date(2022, 2, 3), DemandeAccompagnement.Suite.CONVENTION),
        (datetime.date(2022, 9, 9), DemandeAccompagnement.Suite.ACCOMPAGNEMENT),
        (datetime.date(2022, 12, 31), DemandeAccompagnement.Suite.ACCOMPAGNEMENT),
        (datetime.date(2021, 12, 31), DemandeAccompagnement.Suite.SANS_SUITE),
        (datetime.date(2023, 1, 1), DemandeAccompagnement.Suite.A_TRAITER),
    ]:
        DemandeAccompagnement.objects.create(
            donneur_ordre=donneur, date_reception=jour, objet="Calibrer la clause", suite=suite
        )
    return {"donneur": donneur, "lots": (m1, m2, m3, m4), "contrats": (a, b, c, d, e)}


def test_month_lengths_count_the_last_day():
    assert duree_mois(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)) == 6
    assert duree_mois(datetime.date(2022, 1, 1), datetime.date(2022, 6, 29)) == 5
    assert duree_mois(datetime.date(2022, 1, 15), datetime.date(2022, 7, 14)) == 6
    assert duree_mois(datetime.date(2022, 1, 15), datetime.date(2022, 7, 13)) == 5
    assert duree_mois(datetime.date(2021, 11, 1), datetime.date(2022, 2, 28)) == 4


def test_indicators_computed_by_hand(monde):
    bilan = bilan_annuel(ANNEE)
    assert bilan["participants"] == 4  # A, B, C, D
    assert bilan["participants_contrats_longs"] == 2  # A (CDI), B (6 months)
    assert bilan["participants_contrats_longs_pct"] == 50.0
    assert bilan["participants_contrats_longs_annee_precedente"] == 1  # E
    assert bilan["participants_plusieurs_chantiers"] == 2  # B (M1, M3), D (M3, M4)
    assert bilan["participants_plusieurs_chantiers_pct"] == 50.0
    assert bilan["heures_par_participant"] == 80.0  # (150 + 100 + 40 + 30) / 4
    assert bilan["heures_par_participant_annee_precedente"] == 90.0
    assert bilan["demandes_accompagnement"] == 3
    assert bilan["demandes_accompagnement_annee_precedente"] == 1
    assert bilan["demandes_par_suite"] == [
        {"suite": "accompagnement", "libelle": "Accompagnement en cours ou réalisé", "demandes": 2},
        {
            "suite": "convention",
            "libelle": "Convention d'accompagnement proposée ou signée",
            "demandes": 1,
        },
    ]
    # The figures the one pass replaced are unchanged.
    assert bilan["heures_realisees"] == 320
    assert bilan["femmes"] == 1
    assert bilan["chantiers_suivis"] == 3  # the operation, M3, M4
    assert {r["type_contrat"]: r["participants"] for r in bilan["par_type_contrat"]} == {
        "CDI": 1,
        "CTT": 1,
        "INTERIM": 2,
    }


def test_long_contracts_follow_the_configuration(monde):
    config = ConfigurationClauses.courante()
    config.types_contrats_longs = []
    config.duree_contrat_long_mois = 12
    config.save()
    assert bilan_annuel(ANNEE)["participants_contrats_longs"] == 0  # A: no end; B: 6 months
    config.duree_contrat_long_mois = 5
    config.save()
    bilan = bilan_annuel(ANNEE)
    assert bilan["participants_contrats_longs"] == 2  # B and C now; A's CDI is no longer listed
    assert "d'au moins 5 mois" in bilan["definitions"]["participants_contrats_longs"]
    config.types_contrats_longs = ["CTT"]
    config.save()
    assert bilan_annuel(ANNEE)["participants_contrats_longs"] == 3  # B, C, D


def test_configuration_refuses_unknown_contract_types():
    from django.core.exceptions import ValidationError

    config = ConfigurationClauses.courante()
    config.types_contrats_longs = ["CDI", "STAGE"]
    with pytest.raises(ValidationError) as erreur:
        config.full_clean()
    assert "CDD_LONG" in str(erreur.value)


def test_small_counts_of_the_new_indicators_are_masked(monde):
    bilan = bilan_annuel(ANNEE, masquer=True)  # threshold 5: 2 people is a small count
    assert bilan["participants_contrats_longs"] is None
    assert bilan["participants_contrats_longs_pct"] is None
    assert bilan["participants_plusieurs_chantiers"] is None
    assert bilan["participants_plusieurs_chantiers_pct"] is None
    assert bilan["heures_par_participant"] is None
    assert bilan["demandes_accompagnement"] == 3  # requests are not people


def test_definitions_in_every_output(monde, tmp_path):
    bilan = bilan_annuel(ANNEE)
    definition = bilan["definitions"]["participants_contrats_longs"]
    assert "CDI / CDIC" in definition and "6 mois" in definition
    feuille = load_workbook(io.BytesIO(exports.bilan_xlsx(bilan)))["Synthèse"]
    lignes = {r[0]: r for r in feuille.iter_rows(values_only=True)}
    assert lignes["participants_contrats_longs"][2] == 2
    assert lignes["participants_contrats_longs"][3] == definition
    assert lignes["participants_contrats_longs_pct"][3] == definition
    assert lignes["demandes_accompagnement"][2] == 3
    sortie = tmp_path / "bilan.json"
    call_command("clauses_bilan", annee=ANNEE, sortie=str(sortie))
    donnees = json.loads(sortie.read_text())
    assert donnees["participants_plusieurs_chantiers"] == 2
    assert donnees["definitions"] == bilan["definitions"]


def test_the_report_runs_a_constant_number_of_queries():
    def compter() -> int:
        with CaptureQueriesContext(connection) as requetes:
            bilan_annuel(ANNEE)
        return len(requetes)

    lot = LotFactory()
    heures(lot=lot, contrat=ContratFactory(), nombre=10)
    peu = compter()
    for i in range(40):
        contrat = _contrat(T.CDI if i % 2 else T.INTERIM, datetime.date(2022, 1, 1), None)
        heures(lot=lot if i % 3 else LotFactory(), contrat=contrat, nombre=7)
        heures(lot=LotFactory(), contrat=contrat, mois=datetime.date(2021, 5, 1), nombre=7)
        DemandeAccompagnement.objects.create(
            donneur_ordre=lot.marche.donneur_ordre,
            date_reception=datetime.date(2022, 1 + i % 12, 1),
            objet="Étude",
        )
    assert bilan_annuel(ANNEE)["participants"] == 41
    assert compter() == peu


# --- The page where the facilitator records the requests ---------------------------------------


@pytest.fixture
def facilitateur(client):
    user = membre(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, user)
    return user


def test_facilitator_records_a_request_and_its_outcome(client, facilitateur):
    donneur = DonneurOrdreFactory(nom="Grand Auch Cœur de Gascogne")
    page = client.get(reverse("clauses:demandes"))
    assert page.status_code == 200
    assert "Aucune demande." in page.content.decode()
    refus = client.post(reverse("clauses:demandes"), {"donneur_ordre": donneur.pk})
    texte = refus.content.decode()
    assert refus.status_code == 200
    assert "Le formulaire contient" in texte
    assert DemandeAccompagnement.objects.count() == 0
    reponse = client.post(
        reverse("clauses:demandes"),
        {
            "donneur_ordre": donneur.pk,
            "date_reception": "2022-03-14",
            "nature": "calibrage",
            "objet": "Calibrer la clause du marché de voirie",
            "suite": "a_traiter",
            "suite_precisions": "",
        },
    )
    demande = DemandeAccompagnement.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("clauses:demande", args=[demande.pk])
    assert demande.date_reception == datetime.date(2022, 3, 14)
    liste = client.get(reverse("clauses:demandes")).content.decode()
    assert "Grand Auch Cœur de Gascogne" in liste and "14 mars 2022" in liste
    client.post(
        reverse("clauses:demande", args=[demande.pk]),
        {"suite": "convention", "suite_precisions": "Convention signée en avril."},
    )
    demande.refresh_from_db()
    assert demande.suite == "convention"
    journal = Evenement.objects.filter(object_id=str(demande.pk)).values_list(
        "description", flat=True
    )
    assert any("À traiter → Convention" in d for d in journal)
    assert bilan_annuel(2022)["demandes_accompagnement"] == 1


def test_request_pages_permissions(client):
    mairie, autre = OrganisationFactory(), OrganisationFactory()
    donneur = DonneurOrdreFactory(organisation=mairie)
    demande = DemandeAccompagnement.objects.create(
        donneur_ordre=donneur, date_reception=datetime.date(2022, 5, 2), objet="Faisabilité"
    )
    url = reverse("clauses:demande", args=[demande.pk])
    # A buyer of another organisation cannot even detect the request.
    login(client, MembreFactory(organisation=autre).user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("clauses:demandes")).status_code == 403
    # The buyer who sent it reads it, without the form to change its outcome.
    login(client, MembreFactory(organisation=mairie).user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Faisabilité" in page.content.decode()
    assert "Mettre à jour la suite donnée" not in page.content.decode()
    assert client.post(url, {"suite": "sans_suite"}).status_code == 403
    demande.refresh_from_db()
    assert demande.suite == DemandeAccompagnement.Suite.A_TRAITER
    # Département staff other than the facilitator: neither the list nor the request.
    login(client, membre(Role.AGENT, organisation=ServiceFactory()))
    assert client.get(reverse("clauses:demandes")).status_code == 403
    assert client.get(url).status_code == 404


def test_report_page_shows_the_indicators_and_their_definitions(client, facilitateur, monde):
    page = client.get(reverse("clauses:bilan"), {"annee": ANNEE}).content.decode()
    assert "personnes en contrat long" in page
    assert "sur plusieurs chantiers à clause" in page
    assert "3 demandes d'accompagnement reçues</strong>" in page
    assert "Définitions" in page
    assert "80 heures réalisées par personne" in page
