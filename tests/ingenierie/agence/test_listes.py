"""The lists of memberships and invoices: filters, sort, exports, queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.ingenierie.models import (
    Adhesion,
    Facture,
)
from tests.comptes.factories import login
from tests.ingenierie.factories import collectivite

pytestmark = pytest.mark.django_db


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
