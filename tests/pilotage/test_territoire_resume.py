import datetime
from decimal import Decimal

import pytest

from territoires.pilotage.indicateurs import Periode
from territoires.pilotage.territoire import liens_permis, resume
from tests.pilotage.factories_elus import elu
from tests.pilotage.factories_territoire import monde_territoire

pytestmark = pytest.mark.django_db


def test_resume_counts_only_the_communes_asked():
    w = monde_territoire(2025)
    r = resume(communes=[w.commune.commune.code], periode=Periode(2025, 2025))
    assert r["demandes_ouvertes"] == 1
    assert r["demandes_closes"] == 0
    assert r["dossiers_votes"] == 1
    assert r["montant_accorde"] == Decimal("5000")
    assert r["montant_verse"] == 0
    assert r["heures_insertion"] == 0
    assert r["projets_bp"] == 0
    assert r["nouveautes"] == []
    both = resume(
        communes=[w.commune.commune.code, w.commune_b.commune.code], periode=Periode(2025, 2025)
    )
    assert both["dossiers_votes"] == 2
    assert (
        resume(communes=[w.commune.commune.code], periode=Periode(2024, 2024))["dossiers_votes"]
        == 0
    )


def test_resume_news_since_a_date():
    w = monde_territoire(2025)
    r = resume(
        communes=[w.commune.commune.code],
        periode=Periode(2025, 2025),
        depuis=datetime.date(2025, 1, 1),
    )
    assert [n["module"] for n in r["nouveautes"]] == ["aides", "ingenierie"]
    assert all(n["url"] for n in r["nouveautes"])


def test_resume_query_count_does_not_grow(django_assert_max_num_queries):
    w = monde_territoire(2025, repetitions=3)
    codes = [w.commune.commune.code, w.commune_b.commune.code]
    with django_assert_max_num_queries(9):
        resume(communes=codes, periode=Periode(2025, 2025), depuis=datetime.date(2025, 1, 1))


def test_news_keep_only_the_links_the_reader_may_open():
    """An elected official reads the dossiers, not the engineering requests: no link to a 404."""
    w = monde_territoire(2025)
    r = resume(
        communes=[w.commune.commune.code],
        periode=Periode(2025, 2025),
        depuis=datetime.date(2025, 1, 1),
    )
    lecteur = elu(w.departement)
    liens = {n["module"]: n["url"] for n in liens_permis(r["nouveautes"], lecteur)}
    assert liens["ingenierie"] == ""
    assert liens["aides"] and liens["aides"] == r["nouveautes"][0]["url"]
