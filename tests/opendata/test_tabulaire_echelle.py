"""Tabular storage at scale: constant query count, lazy load with flat memory, progress,
tables dropped with their version and never left behind by a test.
"""

import tracemalloc
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from territoires.opendata import tabulaire
from territoires.opendata.models import JeuDeDonnees, Ressource, VersionRessource
from territoires.opendata.tabulaire import Colonne, Filtre
from tests.comptes.factories import OrganisationFactory

COLONNES = [
    Colonne("Libellé", "texte"),
    Colonne("Montant", "decimal"),
    Colonne("Nombre", "entier"),
    Colonne("Date", "date"),
]
DEBUT = date(2020, 1, 1)


def _lignes(n: int):
    for i in range(n):
        yield (
            f"Équipement n°{i} de la commune {i % 97}",
            Decimal(i % 1000) / 4,
            i,
            DEBUT + timedelta(days=i % 1500),
        )


def _page_queries(cle, django_assert_max_num_queries) -> int:
    filtres = [Filtre("Nombre", "gte", 10), Filtre("Libellé", "contains", "commune 1")]
    # Page, then count; on SQLite, the trigram index asked once, or a `contains` page asked
    # twice (interrupted, then a scan: reading._guarded).
    with django_assert_max_num_queries(3) as captured:
        page = tabulaire.rows_query(
            cle=cle, colonnes=COLONNES, filtres=filtres, tri=["-Montant", "Date"], taille=20
        )
    with django_assert_max_num_queries(2):
        tabulaire.rows_query(
            cle=cle,
            colonnes=COLONNES,
            filtres=filtres,
            tri=["-Montant", "Date"],
            taille=20,
            curseur=page.suivant,
            compter=False,
        )
    with django_assert_max_num_queries(1):
        assert (
            sum(1 for _ in tabulaire.rows_stream(cle=cle, colonnes=COLONNES, filtres=filtres))
            == page.total
        )
    return len(captured)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(django_assert_max_num_queries):
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=_lignes(1_000))
    tabulaire.rows_load(cle="v2", colonnes=COLONNES, lignes=_lignes(10_000))
    small = _page_queries("v1", django_assert_max_num_queries)
    large = _page_queries("v2", django_assert_max_num_queries)
    assert 2 <= small <= 3 and 2 <= large <= 3


@pytest.mark.django_db
def test_load_consumes_the_iterator_lazily_with_bounded_memory_and_reports_progress():
    total = 200_000
    consumed = 0
    progress: list[tuple[int, int]] = []

    def lignes():
        nonlocal consumed
        for ligne in _lignes(total):
            consumed += 1
            yield ligne

    def on_progress(n):
        # Called while the generator is still being consumed, not after a full read.
        progress.append((n, consumed))

    tracemalloc.start()
    try:
        loaded = tabulaire.rows_load(
            cle="v3", colonnes=COLONNES, lignes=lignes(), on_progress=on_progress
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded == total == tabulaire.rows_count(cle="v3", colonnes=COLONNES)
    # 200 000 rows materialised would weigh well over 60 MB in Python objects.
    assert peak < 12 * 1024 * 1024, f"pointe mémoire {peak / 1e6:.1f} Mo"
    assert len(progress) >= 20
    assert progress[-1][0] == total
    steps = [n for n, _ in progress]
    assert (
        steps == sorted(steps)
        and max(b - a for a, b in zip(steps, steps[1:], strict=False)) <= 10_000
    )
    assert all(seen - n <= 10_000 for n, seen in progress)  # the generator is not read ahead


@pytest.mark.django_db
def test_deleting_a_version_drops_its_table():
    organisation = OrganisationFactory()
    jeu = JeuDeDonnees.objects.create(slug="ecoles", titre="Écoles", organisation=organisation)
    ressource = Ressource.objects.create(jeu=jeu, titre="Liste")
    versions = []
    for numero in (1, 2):
        version = VersionRessource.objects.create(ressource=ressource, numero=numero, format="csv")
        version.table = f"v{version.pk}"
        version.save(update_fields=["table"])
        tabulaire.rows_load(cle=version.table, colonnes=COLONNES, lignes=_lignes(3))
        versions.append(version)
    versions[0].delete()
    assert versions[0].table not in tabulaire.tables_existing()
    assert versions[1].table in tabulaire.tables_existing()
    ressource.delete()  # cascades to the versions
    assert versions[1].table not in tabulaire.tables_existing()


@pytest.mark.django_db
def test_deleting_a_version_without_table_is_quiet():
    organisation = OrganisationFactory()
    jeu = JeuDeDonnees.objects.create(slug="vide", titre="Vide", organisation=organisation)
    ressource = Ressource.objects.create(jeu=jeu, titre="Liste")
    version = VersionRessource.objects.create(
        ressource=ressource, numero=1, format="csv", table="pas-une-cle"
    )
    version.delete()
    assert not VersionRessource.objects.exists()


@pytest.fixture
def tables_dropped_after():
    yield
    for cle in tabulaire.tables_existing():
        tabulaire.table_drop(cle=cle)


@pytest.mark.django_db(transaction=True)
def test_committed_tables_are_real_and_dropped_by_the_fixture(tables_dropped_after):
    tabulaire.rows_load(cle="v9", colonnes=COLONNES, lignes=_lignes(5))
    assert "v9" in tabulaire.tables_existing()
    with connection.cursor() as cursor:
        cursor.execute('SELECT COUNT(*) FROM "opendata_tab_v9"')
        assert cursor.fetchone()[0] == 5


@pytest.mark.django_db
def test_no_table_is_left_by_previous_tests():
    # Tests in a transaction roll their DDL back; transactional tests drop theirs.
    assert tabulaire.tables_existing() == []


@pytest.mark.django_db
def test_rare_contains_sorted_by_an_index_falls_back_to_a_scan(
    monkeypatch, django_assert_max_num_queries
):
    from territoires.opendata.tabulaire import reading

    tabulaire.rows_load(cle="v4", colonnes=COLONNES, lignes=_lignes(3000))
    monkeypatch.setattr(reading, "SCAN_STEPS", 1000)
    filtres = [Filtre("Libellé", "contains", "n°2999 ")]
    with django_assert_max_num_queries(2):
        page = tabulaire.rows_query(
            cle="v4", colonnes=COLONNES, filtres=filtres, tri=["-Montant"], compter=False
        )
    assert [ligne["Nombre"] for ligne in page.lignes] == [2999]
    filtres = [Filtre("Libellé", "contains", "commune 5")]
    page = tabulaire.rows_query(
        cle="v4", colonnes=COLONNES, filtres=filtres, tri=["-Montant", "Nombre"], taille=3
    )
    attendu = sorted(
        (i for i in range(3000) if f"commune {i % 97}".startswith("commune 5")),
        key=lambda i: (-(i % 1000), i),
    )
    assert [ligne["Nombre"] for ligne in page.lignes] == attendu[:3]
    suite = tabulaire.rows_query(
        cle="v4",
        colonnes=COLONNES,
        filtres=filtres,
        tri=["-Montant", "Nombre"],
        taille=3,
        curseur=page.suivant,
    )
    assert [ligne["Nombre"] for ligne in suite.lignes] == attendu[3:6]
