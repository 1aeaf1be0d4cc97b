"""Agency model: memberships by population band, quotes accepted by the collectivité,
services delivered, invoices (PDF, CSV/XLSX for the finance software)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Role
from territoires.ingenierie.agence import services
from territoires.ingenierie.models import (
    Adhesion,
    BaremeAdhesion,
    ConfigurationIngenierie,
    Devis,
    Facture,
    Prestation,
    PrestationRealisee,
)
from tests.comptes.factories import MembreFactory, ServiceFactory, login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


@pytest.fixture
def agence(mission):
    config = ConfigurationIngenierie.courante()
    config.activer_adhesions = True
    config.save()
    BaremeAdhesion.objects.create(annee=2025, population_min=0, population_max=999, montant=100)
    BaremeAdhesion.objects.create(annee=2025, population_min=1000, montant=400)
    return Prestation.objects.create(
        libelle="AMO pré-opérationnelle : programme", phase="pre", tarif="unitaire",
        unite="jour", prix_ht=Decimal("550.00"),
    )  # fmt: skip


def test_everything_is_absent_when_disabled(client, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"])
    login(client, mission["chef"])
    assert client.get(reverse("ingenierie:adhesions")).status_code == 403
    assert client.get(reverse("ingenierie:factures")).status_code == 403
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "Devis et prestations" not in html


def test_membership_campaign_uses_the_scale_and_runs_once(client, agence, mission):
    petite = collectivite(population=300)
    grande = collectivite(population=5000)
    for c in (petite, grande):
        Adhesion.objects.create(
            organisation=c["organisation"], annee=2024, montant=1, statut="payee"
        )
    login(client, mission["chef"])
    url = reverse("ingenierie:adhesions")
    assert client.post(url, {"annee": 2025}).status_code == 302
    montants = dict(Adhesion.objects.filter(annee=2025).values_list("organisation", "montant"))
    assert montants == {
        petite["organisation"].pk: Decimal("100.00"),
        grande["organisation"].pk: Decimal("400.00"),
    }
    response = client.post(url, {"annee": 2025}, follow=True)
    assert "Aucun nouvel appel : aucun adhérent 2024 qui ne soit déjà appelé pour 2025." in (
        response.content.decode()
    )
    assert Adhesion.objects.filter(annee=2025).count() == 2
    adhesion = Adhesion.objects.get(annee=2025, organisation=petite["organisation"])
    client.post(
        reverse("ingenierie:adhesion_transition", args=[adhesion.pk]), {"transition": "payer"}
    )
    assert Adhesion.objects.get(pk=adhesion.pk).statut == "payee"
    # Without a scale for the year: a clear message, nothing created.
    response = client.post(url, {"annee": 2026})
    assert "Aucun barème d&#x27;adhésion 2026" in response.content.decode()


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


def test_non_members_are_limited_to_general_information(client, agence, mission, commune):
    config = ConfigurationIngenierie.courante()
    config.reserver_conseil_aux_adherents = True
    config.save()
    login(client, commune["maire"])
    form = client.get(reverse("ingenierie:sollicitation_nouvelle")).context["form"]
    assert [n.nom for n in form.fields["nature"].queryset] == ["Information générale"]
    Adhesion.objects.create(
        organisation=commune["organisation"],
        annee=timezone.localdate().year,
        montant=100,
        statut="payee",
    )
    form = client.get(reverse("ingenierie:sollicitation_nouvelle")).context["form"]
    assert form.fields["nature"].queryset.count() == 5


def test_a_commune_joins_with_the_fee_of_its_population_band(client, agence, mission):
    grande = collectivite(population=5000)
    login(client, mission["chef"])
    url = reverse("ingenierie:adhesions") + "?annee=2025"
    page = client.get(url).content.decode()
    assert "De 0 à 999 habitants" in page and "1000 habitants et plus" in page
    data = {"adh-organisation": grande["organisation"].pk, "adh-annee": 2025}
    response = client.post(url, data, follow=True)
    assert "cotisation de 400 € (cotisation appelée)" in response.content.decode()
    adhesion = Adhesion.objects.get(organisation=grande["organisation"], annee=2025)
    assert adhesion.montant == Decimal("400.00") and adhesion.statut == "appelee"
    # Twice: a clear message, the choice kept, nothing created.
    response = client.post(url, {**data, "adh-payee": "on"})
    assert "a déjà une adhésion 2025 (cotisation appelée)" in response.content.decode()
    assert response.context["adhesion_form"]["organisation"].value() == str(
        grande["organisation"].pk
    )
    assert Adhesion.objects.filter(annee=2025).count() == 1


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


def test_membership_states_change_by_journaled_transitions(client, agence, mission):
    from django.contrib.contenttypes.models import ContentType

    from territoires.core.models import Evenement

    petite = collectivite(population=300)
    adhesion = Adhesion.objects.create(organisation=petite["organisation"], annee=2025, montant=1)
    login(client, mission["chef"])
    page = client.get(reverse("ingenierie:adhesions") + "?annee=2025").content.decode()
    # The buttons are the transitions possible from the current state.
    assert "Cotisation payée" in page and "Appeler de nouveau" not in page
    url = reverse("ingenierie:adhesion_transition", args=[adhesion.pk])
    client.post(url, {"transition": "payer"})
    client.post(url, {"transition": "rappeler"})  # a payment recorded by mistake is undone
    assert Adhesion.objects.get(pk=adhesion.pk).statut == "appelee"
    events = Evenement.objects.filter(
        content_type=ContentType.objects.get_for_model(Adhesion),
        object_id=str(adhesion.pk),
        action=Evenement.Action.CHANGEMENT_ETAT,
    ).order_by("pk")
    assert list(events.values_list("description", "acteur")) == [
        ("Cotisation payée", mission["chef"].pk),
        ("Appeler de nouveau", mission["chef"].pk),
    ]
    response = client.post(url, {"transition": "save"}, follow=True)
    assert "Action inconnue." in response.content.decode()
    with pytest.raises(AttributeError):
        adhesion.statut = "payee"  # never by hand


def test_a_quote_without_lines_cannot_be_sent(client, agence, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    devis = Devis.objects.create(sollicitation=sollicitation, numero="DEV-VIDE")
    login(client, mission["conseiller"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "DEV-VIDE" in html and "Envoyer le devis à la collectivité" not in html
    client.post(reverse("ingenierie:devis_transition", args=[devis.pk]), {"transition": "envoyer"})
    assert Devis.objects.get(pk=devis.pk).statut == "brouillon"


def test_memberships_and_invoices_lists_filter_and_sort(client, agence, mission):
    petite, grande = collectivite(population=300), collectivite(population=5000)
    petite["organisation"].nom, grande["organisation"].nom = "Bourg", "Anville"
    for c, statut in ((petite, "payee"), (grande, "appelee")):
        c["organisation"].save()
        Adhesion.objects.create(
            organisation=c["organisation"], annee=2025, montant=1, statut=statut
        )
        Facture.objects.create(
            numero=f"FAC-2025-{c['organisation'].nom}",
            organisation=c["organisation"],
            date=datetime.date(2025, 4 if c is petite else 5, 1),
            periode_fin=datetime.date(2025, 3, 31),
            montant_ht=Decimal("10.00"),
        )
    login(client, mission["chef"])

    def noms(url, **params):
        response = client.get(url, params)
        rows = response.context.get("adhesions") or response.context["page_obj"]
        return [row.organisation.nom for row in rows]

    adhesions = reverse("ingenierie:adhesions")
    assert noms(adhesions, annee=2025) == ["Anville", "Bourg"]
    assert noms(adhesions, annee=2025, sort="-organisation") == ["Bourg", "Anville"]
    assert noms(adhesions, annee=2025, statut="payee") == ["Bourg"]
    assert noms(adhesions, annee=2025, q="anv") == ["Anville"]
    assert client.get(adhesions, {"annee": "deux mille"}).context["annee"] == (
        timezone.localdate().year
    )
    factures = reverse("ingenierie:factures")
    assert noms(factures) == ["Anville", "Bourg"]  # latest first
    assert noms(factures, sort="numero") == ["Anville", "Bourg"]
    assert noms(factures, jusqu_au="2025-04-30") == ["Bourg"]
    assert noms(factures, q="bourg") == ["Bourg"]
    # The export follows the filters.
    text = b"".join(
        client.get(reverse("ingenierie:factures_export_csv"), {"q": "bourg"}).streaming_content
    ).decode("utf-8-sig")
    assert "FAC-2025-Bourg" in text and "FAC-2025-Anville" not in text

    # Pages cost the same number of queries whatever the number of rows.
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for url, params in ((adhesions, {"annee": 2025}), (factures, {})):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, params).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    small = queries()
    for i in range(10):
        c = collectivite(population=300)
        Adhesion.objects.create(organisation=c["organisation"], annee=2025, montant=1)
        Facture.objects.create(
            numero=f"FAC-X-{i}", organisation=c["organisation"], periode_fin="2025-01-01",
            montant_ht=1,
        )  # fmt: skip
    assert queries() == small
    assert max(small) <= 20
