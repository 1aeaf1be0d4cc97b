"""Quotes accepted by the collectivité, services delivered, invoices (PDF, CSV/XLSX
for the finance software)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from territoires.comptes.models import Role
from territoires.ingenierie.agence import services
from territoires.ingenierie.models import (
    Devis,
    Facture,
    PrestationRealisee,
)
from tests.comptes.factories import MembreFactory, ServiceFactory, login
from tests.ingenierie.factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def test_quote_to_invoice(client, agence, mission, commune):
    sollicitation = SollicitationFactory(
        organisation=commune["organisation"], statut="en_cours", referent=mission["conseiller"]
    )
    # The advisor prepares and sends the quote.
    login(client, mission["conseiller"])
    client.post(
        reverse("ingenierie:devis_ligne", args=[sollicitation.pk]),
        {"devis-prestation": agence.pk, "devis-quantite": "3"},
    )
    devis = Devis.objects.get()
    assert devis.total_ht == Decimal("1650.00")
    client.post(reverse("ingenierie:devis_transition", args=[devis.pk]), {"transition": "envoyer"})
    # The advisor cannot accept on behalf of the commune.
    client.post(reverse("ingenierie:devis_transition", args=[devis.pk]), {"transition": "accepter"})
    assert Devis.objects.get(pk=devis.pk).statut == "envoye"
    # The commune accepts.
    login(client, commune["maire"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "Accepter le devis" in html
    client.post(reverse("ingenierie:devis_transition", args=[devis.pk]), {"transition": "accepter"})
    devis = Devis.objects.get(pk=devis.pk)
    assert devis.statut == "accepte" and devis.repondu_par == commune["maire"]
    # Services delivered, never beyond the quote.
    ligne = devis.lignes.get()
    login(client, mission["conseiller"])
    url = reverse("ingenierie:prestation_realisee", args=[ligne.pk])
    client.post(url, {f"ligne{ligne.pk}-date": "2025-03-01", f"ligne{ligne.pk}-quantite": "2"})
    response = client.post(
        url, {f"ligne{ligne.pk}-date": "2025-04-01", f"ligne{ligne.pk}-quantite": "2"}
    )
    html = response.content.decode()
    assert "dépasserait celle du devis : 3 au devis, 2 déjà réalisée(s)." in html
    # The page comes back with what was typed, not a blank form.
    assert 'value="2025-04-01"' in html and f'name="ligne{ligne.pk}-quantite" value="2"' in html
    assert PrestationRealisee.objects.count() == 1
    # A bad quantity on the quote line is shown beside the field, the choice kept.
    response = client.post(
        reverse("ingenierie:devis_ligne", args=[sollicitation.pk]),
        {"devis-prestation": agence.pk, "devis-quantite": "-1"},
    )
    assert response.context["ligne_devis_form"].errors
    assert 'name="devis-quantite" value="-1"' in response.content.decode()
    # Invoices: once per organisation, never twice for the same service.
    login(client, mission["chef"])
    client.post(reverse("ingenierie:factures"), {"jusqu_au": "2025-03-31"})
    facture = Facture.objects.get()
    assert facture.montant_ht == Decimal("1100.00") and facture.numero == "FAC-2025-00001"
    assert services.factures_issue(jusqu_au=datetime.date(2025, 12, 31), actor=None) == []
    response = client.get(reverse("ingenierie:facture_pdf", args=[facture.pk]))
    assert response.content.startswith(b"%PDF")
    # The finance department exports them.
    finances = MembreFactory(organisation=ServiceFactory(), role=Role.FINANCES).user
    login(client, finances)
    response = client.get(reverse("ingenierie:factures_export_csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1][0] == "FAC-2025-00001" and rows[1][-1] == "1100.00"
    assert client.get(reverse("ingenierie:factures_export_xlsx")).status_code == 200
    assert (
        client.post(reverse("ingenierie:factures"), {"jusqu_au": "2025-12-31"}).status_code == 403
    )


def test_the_collectivite_never_sees_a_draft_quote(client, agence, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    devis = services.devis_ligne_add(
        sollicitation=sollicitation, prestation=agence, quantite=2, actor=mission["conseiller"]
    )
    login(client, commune["maire"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert devis.numero not in html and "Aucun devis." in html
    services.devis_transition_apply(devis=devis, transition="envoyer", actor=mission["conseiller"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert f"Accepter le devis {devis.numero}" in html


def test_one_service_invoiced_alone(client, agence, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    devis = services.devis_ligne_add(
        sollicitation=sollicitation, prestation=agence, quantite=3, actor=mission["conseiller"]
    )
    Devis.objects.filter(pk=devis.pk).update(statut="accepte")
    ligne = Devis.objects.get(pk=devis.pk).lignes.get()
    first, second = (
        services.prestation_realisee_add(
            ligne=ligne, date=datetime.date(2025, 3, day), quantite=1, actor=None
        )
        for day in (1, 2)
    )
    # The advisor records services but does not invoice.
    login(client, mission["conseiller"])
    url = reverse("ingenierie:facture_prestation", args=[second.pk])
    assert client.post(url).status_code == 404
    login(client, mission["chef"])
    assert (
        "Facturer cette prestation seule"
        in client.get(sollicitation.get_absolute_url()).content.decode()
    )
    response = client.post(url, follow=True)
    assert "Facture FAC-2025-00001 émise pour cette prestation." in response.content.decode()
    facture = Facture.objects.get()
    assert list(facture.prestations.all()) == [second]
    assert facture.montant_ht == Decimal("550.00")
    response = client.post(url, follow=True)
    assert "Cette prestation est déjà facturée." in response.content.decode()
    # The period's invoice then takes the other one only.
    (suivante,) = services.factures_issue(jusqu_au=datetime.date(2025, 3, 31), actor=None)
    assert list(suivante.prestations.all()) == [first]


def test_a_quote_without_lines_cannot_be_sent(client, agence, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    devis = Devis.objects.create(sollicitation=sollicitation, numero="DEV-VIDE")
    login(client, mission["conseiller"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "DEV-VIDE" in html and "Envoyer le devis à la collectivité" not in html
    client.post(reverse("ingenierie:devis_transition", args=[devis.pk]), {"transition": "envoyer"})
    assert Devis.objects.get(pk=devis.pk).statut == "brouillon"
