"""« contient » through the trigram index, and the bounded total (docs/adr/0009).

The trigram index only narrows the rows read: with it, without it (forced), and on the plain
scan, the same filter gives the same rows, accents and case ignored as before.
"""

import pytest
from django.db import connection

from territoires.opendata import tabulaire
from territoires.opendata.tabulaire import Colonne, Filtre, reading
from territoires.opendata.tabulaire.columns import text_key
from territoires.opendata.tabulaire.query import trigram_table

COLONNES = [Colonne("Nom", "texte"), Colonne("Rang", "entier"), Colonne("Ville", "texte")]
VILLES = ["Béziers", "SÈTE", "Saint-Guilhem-le-Désert", "Lodève", "L'Œuf_50%", "a*b?[c]"]


def _ligne(i: int) -> tuple:
    nom = None if i % 37 == 0 else f"Équipement n°{i} — {VILLES[i % len(VILLES)]}"
    return (nom, i, VILLES[(i * 7) % len(VILLES)])


def _lignes(n: int):
    return (_ligne(i) for i in range(n))


MOTIFS = ["beziers", "BÉZIERS", "sete", "n°123 ", "n°1234", "guilhem le", "œuf_50%", "_50",
          "%", "a*b", "?[c", "ab", "z", "introuvable", "ève", "DÉSERT"]  # fmt: skip
N = 1500


def _attendu(motif: str, colonne: int = 0) -> list[int]:
    cle = text_key(motif)
    return [
        i
        for i, ligne in enumerate(_lignes(N))
        if ligne[colonne] and cle in text_key(ligne[colonne])
    ]


def _rangs(filtres, tri=("Rang",), taille=1000) -> tuple[list[int], int]:
    # The bounded total, above the rows: exact (`total_exact`), counted as the API counts.
    page = tabulaire.rows_query(
        cle="v1", colonnes=COLONNES, filtres=filtres, tri=tri, taille=taille, compter_max=10 * N
    )
    assert page.total_exact
    return [ligne["Rang"] for ligne in page.lignes], page.total


def _fts_present() -> bool:
    with connection.cursor() as cursor:
        return trigram_table("v1") in connection.introspection.table_names(cursor)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["direct", "trigrammes", "frequents", "balayage"])
def test_same_rows_with_and_without_the_trigram_index(mode, monkeypatch):
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(N))
    if connection.vendor == "sqlite":
        assert _fts_present()
    if mode == "trigrammes":
        monkeypatch.setattr(reading, "RARE_MAX", 10**6)  # every text through the index
    if mode == "frequents":
        # Every text frequent: pages through the sort's index, bounded totals counted in
        # the trigram index alone (reading.count_bounded).
        monkeypatch.setattr(reading, "RARE_MAX", 0)
    if mode == "balayage":
        monkeypatch.setattr(reading, "SCAN_STEPS", 100)  # interrupted, then a scan
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{trigram_table("v1")}"')
    for motif in MOTIFS:
        attendu = _attendu(motif)
        assert _rangs([Filtre("Nom", "contains", motif)]) == (attendu, len(attendu)), motif
        assert _rangs([Filtre("Nom", "contains", motif)], tri=["-Nom"])[1] == len(attendu)
    # Two texts at once, and a text with another filter.
    deux = [Filtre("Nom", "contains", "beziers"), Filtre("Ville", "contains", "lodeve")]
    attendu = sorted(set(_attendu("beziers")) & set(_attendu("lodeve", colonne=2)))
    assert _rangs(deux) == (attendu, len(attendu))
    # Bounded below the rows: « more than ».
    page = tabulaire.rows_query(
        cle="v1", colonnes=COLONNES, filtres=[Filtre("Nom", "contains", "sete")], compter_max=9
    )
    assert (page.total, page.total_exact) == (9, False)
    borne = [Filtre("Nom", "contains", "sete"), Filtre("Rang", "gte", 700)]
    attendu = [i for i in _attendu("sete") if i >= 700]
    assert _rangs(borne, tri=["-Ville", "Rang"])[1] == len(attendu)


@pytest.mark.django_db
def test_rare_contains_through_the_index_pages_by_cursor(
    monkeypatch, django_assert_max_num_queries
):
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(N))
    filtres = [Filtre("Nom", "contains", "n°14")]
    attendu = sorted(_attendu("n°14"), key=lambda i: (text_key(_ligne(i)[0]), i), reverse=True)
    # The index asked once, then the page and the count through it.
    with django_assert_max_num_queries(3) as captured:
        page = tabulaire.rows_query(
            cle="v1", colonnes=COLONNES, filtres=filtres, tri=["-Nom"], taille=5
        )
    if connection.vendor == "sqlite":
        assert any(trigram_table("v1") in q["sql"] for q in captured.captured_queries)
    suite = tabulaire.rows_query(
        cle="v1", colonnes=COLONNES, filtres=filtres, tri=["-Nom"], taille=5, curseur=page.suivant
    )
    assert [ligne["Rang"] for ligne in page.lignes + suite.lignes] == attendu[:10]
    assert page.total == len(attendu)


@pytest.mark.django_db
def test_the_trigram_table_goes_with_the_version_and_is_not_listed():
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(50))
    assert tabulaire.tables_existing() == ["v1"]
    tabulaire.table_drop(cle="v1")
    assert tabulaire.tables_existing() == []
    assert not _fts_present()


@pytest.mark.django_db
def test_bounded_total_says_more_than(django_assert_max_num_queries):
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(N))
    filtres = [Filtre("Rang", "gte", 100)]
    page = tabulaire.rows_query(cle="v1", colonnes=COLONNES, filtres=filtres, compter_max=50)
    assert (page.total, page.total_exact) == (50, False)
    page = tabulaire.rows_query(cle="v1", colonnes=COLONNES, filtres=filtres, compter_max=N)
    assert (page.total, page.total_exact) == (N - 100, True)
    exact = tabulaire.rows_count_bounded(
        cle="v1", colonnes=COLONNES, filtres=filtres, maximum=N - 100
    )
    assert exact == (N - 100, True)
    assert tabulaire.rows_count_bounded(
        cle="v1", colonnes=COLONNES, filtres=filtres, maximum=N - 101
    ) == (N - 101, False)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="index GIN de pg_trgm")
def test_postgresql_trigram_indexes_when_the_extension_is_there():
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(50))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        extension = cursor.fetchone() is not None
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'opendata_tab_v1' "
            "AND indexdef LIKE '%%gin_trgm_ops%%'"
        )
        indexes = sorted(row[0] for row in cursor.fetchall())
    assert indexes == (["opendata_tab_v1_n0_trgm", "opendata_tab_v1_n2_trgm"] if extension else [])
