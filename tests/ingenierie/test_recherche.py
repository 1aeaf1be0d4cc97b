"""The queue's search (« numéro, sujet, collectivité »): every word found in one of them, the
collectivités named so read first (or joined beyond the ceiling), and on PostgreSQL each
branch answerable by index (trigrams of numéro and sujet, migration 0010)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoires.ingenierie.filters import SollicitationFilter
from territoires.ingenierie.models import Sollicitation
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("plafond", [500, 0])
def test_search_by_number_subject_or_collectivite(client, mission, monkeypatch, plafond):
    from territoires.comptes import selectors

    monkeypatch.setattr(selectors, "ORGANISATIONS_MAX", plafond)
    belvedere = collectivite()["organisation"]
    belvedere.nom = "Commune de Belvédère"
    belvedere.save()
    autre = collectivite()["organisation"]
    SollicitationFactory(organisation=belvedere, sujet="Toiture de l'école", numero="ING-71")
    SollicitationFactory(organisation=belvedere, sujet="Lavoir", numero="ING-72")
    SollicitationFactory(organisation=autre, sujet="Voirie de l'école", numero="ING-73")
    login(client, mission["chef"])

    def trouves(q):
        page = client.get(reverse("ingenierie:file"), {"q": q})
        return sorted(s.numero for s in page.context["page_obj"])

    assert trouves("ing-72") == ["ING-72"]
    assert trouves("école") == ["ING-71", "ING-73"]
    assert trouves("belvédère") == ["ING-71", "ING-72"]
    assert trouves("belvédère école") == ["ING-71"]  # every word, each anywhere
    assert trouves("introuvable") == []


def test_a_long_search_does_not_query_per_word(client, mission, django_assert_max_num_queries):
    """Beyond a few words the collectivités are joined: a pasted paragraph costs the same
    queries as a word, and finds the same requests."""
    belvedere = collectivite()["organisation"]
    belvedere.nom = "Commune de Belvédère"
    belvedere.save()
    SollicitationFactory(organisation=belvedere, sujet="Toiture de l'école", numero="ING-71")
    login(client, mission["chef"])
    url = reverse("ingenierie:file")
    client.get(url, {"q": "école"})
    with CaptureQueriesContext(connection) as un_mot:
        client.get(url, {"q": "école"})
    texte = " ".join(["belvédère", "toiture", "école", "de"] * 30 + ["commune"])
    with django_assert_max_num_queries(len(un_mot)):
        page = client.get(url, {"q": texte})
    assert [s.numero for s in page.context["page_obj"]] == ["ING-71"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index de trigrammes : PostgreSQL")
def test_the_search_is_answered_by_the_trigram_indexes(mission):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            pytest.skip("pg_trgm absent : la recherche lit la table")
    qs = SollicitationFilter({"q": "école"}, queryset=Sollicitation.objects.all()).qs
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny tables are read whole whatever the indexes: forbid that, and walking another
        # index while filtering each row, to see which indexes answer the condition itself.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "ingenierie_sollicitation_sujet_trgm" in plan
    assert "ingenierie_sollicitation_numero_trgm" in plan
