"""No export of the ingénierie module carries a live spreadsheet formula: OWASP payloads in
every text field (request number and subject, organisation, EPCI, domain, nature, advisor,
invoice number and organisation) come out inert and readable; a negative growth stays a
number, dates stay dates."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from territoires.comptes.models import Role
from territoires.ingenierie.models import ConfigurationIngenierie, Domaine, Facture, Nature
from tests.comptes.factories import MembreFactory, ServiceFactory, login
from tests.core.formules import MILIEU, charge, contenu, verifier_csv, verifier_xlsx

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def piege(mission, commune):
    organisation = commune["organisation"]
    organisation.nom = charge(0)
    organisation.save()
    commune["epci"].nom = charge(1)
    commune["epci"].save()
    Domaine.objects.filter(pk=Domaine.objects.order_by("ordre").first().pk).update(nom=charge(2))
    Nature.objects.filter(pk=Nature.objects.order_by("ordre").first().pk).update(nom=charge(3))
    conseiller = mission["conseiller"]
    conseiller.first_name, conseiller.last_name = charge(4), "Conseil"
    conseiller.save()

    def sollicitation(annee, sujet, **kwargs):
        return SollicitationFactory(
            organisation=organisation,
            sujet=sujet,
            referent=conseiller,
            deposee_le=datetime.datetime(annee, 3, 1, 10, tzinfo=datetime.UTC),
            **kwargs,
        )

    # Two requests in 2017, one in 2024: the growth is −50 %, a negative number.
    sollicitation(2017, charge(5), numero=charge(6, " ING"))
    sollicitation(2017, MILIEU)
    sollicitation(2024, charge(6))
    return mission


FILE = [charge(0), charge(1), charge(2), charge(3), f"{charge(4)} Conseil", charge(5),
        charge(6), charge(6, " ING"), MILIEU]  # fmt: skip


def test_queue_exports(client, piege):
    login(client, piege["conseiller"])
    text = contenu(client.get(reverse("ingenierie:file_export_csv"))).decode("utf-8-sig")
    rows = verifier_csv(text, attendus=FILE)
    assert {r[1] for r in rows[1:]} == {"2017-03-01", "2024-03-01"}
    response = client.get(reverse("ingenierie:file_export_xlsx"))
    sheet = verifier_xlsx(response.content, attendus=FILE).active
    assert all(
        isinstance(row[1], datetime.datetime) for row in sheet.iter_rows(2, values_only=True)
    )


def test_yearly_report_and_stats_command(client, piege):
    login(client, piege["conseiller"])
    periode = {"depuis": 2017, "jusqu_a": 2024}
    response = client.get(reverse("ingenierie:rapport_xlsx"), periode)
    classeur = verifier_xlsx(response.content, attendus=[charge(1), charge(2), charge(3)])
    croissance = [r for r in classeur["Synthèse"].values if r[0].startswith("Évolution")][0]
    assert croissance[1] == -50  # a number, not a neutralised text
    sortie = StringIO()
    call_command("ingenierie_stats", fmt="csv", stdout=sortie, **periode)
    rows = verifier_csv(sortie.getvalue(), attendus=[charge(1), charge(2), charge(3)])
    assert ["Synthèse", "Évolution depuis la première année (%)", "-50"] in rows


def test_invoices_exports(client, piege):
    config = ConfigurationIngenierie.courante()
    config.activer_adhesions = True
    config.save()
    organisation = SollicitationFactory._meta.model.objects.first().organisation
    Facture.objects.create(
        numero=charge(2, " F1"),
        organisation=organisation,
        date=datetime.date(2025, 4, 1),
        periode_fin=datetime.date(2025, 3, 31),
        montant_ht=Decimal("1100.00"),
    )
    login(client, MembreFactory(organisation=ServiceFactory(), role=Role.FINANCES).user)
    text = contenu(client.get(reverse("ingenierie:factures_export_csv"))).decode("utf-8-sig")
    rows = verifier_csv(text, attendus=[charge(2, " F1"), charge(0)])
    assert rows[1][1] == "2025-04-01" and rows[1][-1] == "1100.00"
    response = client.get(reverse("ingenierie:factures_export_xlsx"))
    sheet = verifier_xlsx(response.content, attendus=[charge(2, " F1"), charge(0)]).active
    row = list(sheet.values)[1]
    assert row[1] == datetime.datetime(2025, 4, 1) and row[-1] == 1100  # noqa: DTZ001
