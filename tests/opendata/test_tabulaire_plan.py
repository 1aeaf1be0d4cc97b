"""Which index reads a page (docs/adr/0009, « Ordre des filtres et pages en ordre décroissant »).

Whatever the plan, the same rows: a frequent « contient » with an equality, read through the
index of the sort (`planning.walk_sort_index`) or through the equality's index, gives the
same pages; the pages after a cursor in descending order bound the sort's index (`key <= x`)
and read the NULLs of the key apart, in as many queries whatever the rows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoires.opendata import tabulaire
from territoires.opendata.tabulaire import Colonne, Filtre, planning, reading

pytestmark = pytest.mark.django_db

COLONNES = [
    Colonne("Libellé", "texte"),
    Colonne("Catégorie", "texte"),
    Colonne("Commune", "texte"),
    Colonne("Effectif", "entier"),
]
CATEGORIES = ["Sport", "Culture", "Santé"]
N = 3000


def _ligne(i: int) -> tuple:
    mot = "Gymnase" if i % 2 else "Piscine"
    effectif = None if i % 41 == 0 else (i * 7919) % 500
    return (f"{mot} n°{i}", CATEGORIES[i % 3], f"Commune {i % 300}", effectif)


@pytest.fixture
def table():
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=(_ligne(i) for i in range(N)))
    return "v1"


def _attendu(filtres_py, desc: bool) -> list[int]:
    lignes = [(i, _ligne(i)) for i in range(N) if filtres_py(_ligne(i))]
    non_nuls = sorted(
        (x for x in lignes if x[1][3] is not None), key=lambda x: (x[1][3], x[0]), reverse=desc
    )
    nuls = sorted((x for x in lignes if x[1][3] is None), key=lambda x: x[0], reverse=desc)
    ordre = non_nuls + nuls if desc else nuls + non_nuls
    return [i for i, _ in ordre]


def _pages(filtres, tri, taille) -> tuple[list[int], list[str]]:
    rangs, curseur, sqls = [], None, []
    while True:
        with CaptureQueriesContext(connection) as captured:
            page = tabulaire.rows_query(
                cle="v1", colonnes=COLONNES, filtres=filtres, tri=tri, taille=taille,
                curseur=curseur, compter=False, champs=["Libellé"],
            )  # fmt: skip
        sqls += [query["sql"] for query in captured.captured_queries]
        rangs += [int(ligne["Libellé"].split("°")[1]) for ligne in page.lignes]
        curseur = page.suivant
        if curseur is None:
            return rangs, sqls


FREQUENT_SPORT = [Filtre("Libellé", "contains", "gymnase"), Filtre("Catégorie", "eq", "sport")]


def _frequent_sport(ligne) -> bool:
    return ligne[0].startswith("Gymnase") and ligne[1] == "Sport"


@pytest.mark.parametrize("marche", [True, False])
@pytest.mark.parametrize("tri", [["-Effectif"], ["Effectif"]])
def test_same_pages_walking_the_sort_index_or_not(table, monkeypatch, marche, tri):
    monkeypatch.setattr(reading, "RARE_MAX", 50)  # « gymnase » is frequent here
    monkeypatch.setattr(reading, "walk_sort_index", lambda **kwargs: marche)
    rangs, sqls = _pages(FREQUENT_SPORT, tri, taille=37)
    assert rangs == _attendu(_frequent_sport, desc=tri[0].startswith("-"))
    if connection.vendor == "sqlite":
        assert any('+"n1" = ' in sql for sql in sqls) is marche


@pytest.mark.skipif(connection.vendor != "sqlite", reason="planification propre à SQLite")
def test_a_coarse_equality_walks_the_sort_index_a_fine_one_does_not(table, monkeypatch):
    monkeypatch.setattr(reading, "RARE_MAX", 50)
    walked = []
    real = planning.walk_sort_index

    def spy(**kwargs):
        walked.append(real(**kwargs))
        return walked[-1]

    monkeypatch.setattr(reading, "walk_sort_index", spy)
    # One row in two contains the text, one in three is « Sport »: walking the sort index
    # reads ≈ 11 × 6 rows, the category's index 1 000 rows then a sort.
    tabulaire.rows_query(cle="v1", colonnes=COLONNES, filtres=FREQUENT_SPORT, tri=["-Effectif"],
                         taille=10, compter=False)  # fmt: skip
    # One row in 300 is « Commune 7 »: its index reads 10 rows, the walk ≈ 6 600.
    fine = [Filtre("Libellé", "contains", "gymnase"), Filtre("Commune", "eq", "Commune 7")]
    page = tabulaire.rows_query(cle="v1", colonnes=COLONNES, filtres=fine, tri=["-Effectif"],
                                taille=10, compter=False)  # fmt: skip
    assert walked == [True, False]
    assert {ligne["Commune"] for ligne in page.lignes} == {"Commune 7"}


def test_walk_estimate_needs_statistics_and_a_frequent_text():
    probe = [
        (i * 2, "opendata_tab_v1 5000 2500;opendata_tab_v1_n1 5000 1000 1") for i in range(1, 60)
    ]
    sport = [planning.Selective("n1", 1)]
    assert planning.walk_sort_index(cle="v1", probe=probe, selective=sport, taille=10, rare_max=50)
    # `in` of five values: the whole table, no index helps, walk.
    assert planning.walk_sort_index(
        cle="v1", probe=probe, selective=[planning.Selective("n1", 5)], taille=10, rare_max=50
    )
    # Rare text, no statistics, an unknown column: SQLite decides alone.
    assert not planning.walk_sort_index(
        cle="v1", probe=probe[:40], selective=sport, taille=10, rare_max=50
    )
    sans = [(i, None) for i in range(1, 60)]
    assert not planning.walk_sort_index(
        cle="v1", probe=sans, selective=sport, taille=10, rare_max=50
    )
    autre = [planning.Selective("n2", 1)]
    assert not planning.walk_sort_index(
        cle="v1", probe=probe, selective=autre, taille=10, rare_max=50
    )


@pytest.mark.parametrize("taille", [7, 50])
def test_descending_pages_read_the_nulls_apart_in_constant_queries(table, taille):
    rangs, sqls = _pages([], ["-Effectif"], taille)
    assert rangs == _attendu(lambda ligne: True, desc=True)
    pages = -(-N // taille)
    # One query a page, two for the (at most two) pages reaching the NULLs.
    assert len(sqls) <= pages + 2
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sqls[1]}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        # The page after a cursor starts in the sort's index at the cursor (not from its top).
        assert "USING INDEX opendata_tab_v1_c3 (c3<?)" in plan, plan
