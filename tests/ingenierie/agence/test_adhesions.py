"""Memberships: off by default, fee by population band, renewal campaign, states."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.ingenierie.models import (
    Adhesion,
    ConfigurationIngenierie,
)
from tests.comptes.factories import login
from tests.ingenierie.factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


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
