"""Storage of a version's rows (opendata/tabulaire): load, filter, sort, page, stream, diff.

Tests run in pytest-django's transaction: the tables they create are rolled back with it
(DDL is transactional on SQLite and PostgreSQL); `test_tabulaire_echelle.py` checks it.
"""

from datetime import date
from decimal import Decimal

import pytest

from territoires.opendata import tabulaire
from territoires.opendata.tabulaire import Colonne, Filtre

pytestmark = pytest.mark.django_db

COLONNES = [
    Colonne("Commune", "texte"),
    Colonne("Population", "entier"),
    Colonne("Montant", "decimal"),
    Colonne("Date", "date"),
    Colonne("Ouvert", "booleen"),
    Colonne("lat", "latitude"),
    Colonne("lon", "longitude"),
    Colonne("geo", "geometrie"),
]
LIGNES = [
    ("Béziers", 78000, Decimal("12.50"), date(2024, 1, 15), True, 43.34, 3.21, {"type": "Point"}),
    ("Sète", 44000, Decimal("3.10"), date(2023, 6, 1), False, 43.40, 3.69, None),
    ("Agde", 29000, None, date(2024, 3, 2), True, None, None, None),
    ("ÉCOLE d'Aniane", None, Decimal("-4"), None, None, 43.68, 3.58, None),
    ("Montpellier", 300000, Decimal("12.50"), date(2022, 12, 31), False, 43.61, 3.88, None),
    (None, 1500, Decimal("0.75"), date(2024, 1, 15), True, 43.5, 3.5, None),
]


@pytest.fixture
def table():
    tabulaire.table_create(cle="v1", colonnes=COLONNES)
    assert tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=iter(LIGNES)) == len(LIGNES)
    return "v1"


def _query(cle="v1", **kwargs):
    return tabulaire.rows_query(cle=cle, colonnes=COLONNES, **kwargs)


def _communes(page):
    return [ligne["Commune"] for ligne in page.lignes]


def test_values_come_back_typed_in_file_order(table):
    page = _query()
    assert page.total == 6 and page.suivant is None
    first = page.lignes[0]
    assert first == {
        "Commune": "Béziers",
        "Population": 78000,
        "Montant": Decimal("12.50"),
        "Date": date(2024, 1, 15),
        "Ouvert": True,
        "lat": 43.34,
        "lon": 3.21,
        "geo": {"type": "Point"},
    }
    assert page.lignes[3]["Population"] is None and page.lignes[3]["Date"] is None
    assert _communes(page) == [ligne[0] for ligne in LIGNES]


@pytest.mark.parametrize(
    ("filtre", "attendu"),
    [
        (Filtre("Commune", "eq", "beziers"), ["Béziers"]),
        (Filtre("Commune", "contains", "ECOLE"), ["ÉCOLE d'Aniane"]),
        (Filtre("Commune", "contains", "ét"), ["Sète"]),
        (Filtre("Commune", "contains", "%"), []),
        (Filtre("Commune", "contains", "_"), []),
        (Filtre("Commune", "contains", "d'ANI"), ["ÉCOLE d'Aniane"]),
        (Filtre("Commune", "in", ["Agde", "SÈTE"]), ["Sète", "Agde"]),
        (Filtre("Commune", "gte", "m"), ["Sète", "Montpellier"]),
        (Filtre("Population", "gt", "44000"), ["Béziers", "Montpellier"]),
        (Filtre("Population", "lte", 29000), ["Agde", None]),
        (Filtre("Population", "in", "1500,29000"), ["Agde", None]),
        (Filtre("Population", "eq", None), ["ÉCOLE d'Aniane"]),
        (Filtre("Montant", "eq", "12,5"), ["Béziers", "Montpellier"]),
        (Filtre("Montant", "lt", Decimal("1")), ["ÉCOLE d'Aniane", None]),
        (Filtre("Date", "gte", "2024-01-15"), ["Béziers", "Agde", None]),
        (Filtre("Date", "lt", "01/01/2023"), ["Montpellier"]),
        (Filtre("Date", "eq", date(2024, 1, 15)), ["Béziers", None]),
        (Filtre("Ouvert", "eq", "oui"), ["Béziers", "Agde", None]),
        (Filtre("Ouvert", "eq", False), ["Sète", "Montpellier"]),
        (Filtre("lat", "gt", "43.6"), ["ÉCOLE d'Aniane", "Montpellier"]),
        (Filtre("lon", "lte", 3.5), ["Béziers", None]),
    ],
)
def test_filters_on_every_type(table, filtre, attendu):
    page = _query(filtres=[filtre])
    assert _communes(page) == attendu
    assert page.total == len(attendu)
    assert tabulaire.rows_count(cle="v1", colonnes=COLONNES, filtres=[filtre]) == len(attendu)


def test_filters_combine_with_and(table):
    filtres = [Filtre("Ouvert", "eq", True), Filtre("Date", "eq", "2024-01-15")]
    assert _communes(_query(filtres=filtres)) == ["Béziers", None]


@pytest.mark.parametrize(
    ("tri", "attendu"),
    [
        (["Commune"], [None, "Agde", "Béziers", "ÉCOLE d'Aniane", "Montpellier", "Sète"]),
        (["-Commune"], ["Sète", "Montpellier", "ÉCOLE d'Aniane", "Béziers", "Agde", None]),
        (
            ["-Montant", "Commune"],
            ["Béziers", "Montpellier", "Sète", None, "ÉCOLE d'Aniane", "Agde"],
        ),
        (
            ["Montant", "-Population"],
            ["Agde", "ÉCOLE d'Aniane", None, "Sète", "Montpellier", "Béziers"],
        ),
        (["Date", "-Commune"], ["ÉCOLE d'Aniane", "Montpellier", "Sète", "Béziers", None, "Agde"]),
        (
            ["Ouvert", "Population"],
            ["ÉCOLE d'Aniane", "Sète", "Montpellier", None, "Agde", "Béziers"],
        ),
    ],
)
def test_sort_on_several_columns(table, tri, attendu):
    assert _communes(_query(tri=tri)) == attendu


@pytest.mark.parametrize(
    "tri",
    [
        [],
        ["Commune"],
        ["-Commune"],
        ["-Montant", "Commune"],
        ["Montant", "-Population"],
        ["Date", "-Commune"],
        ["-Ouvert", "lat"],
        ["-lat"],
        ["Population"],
    ],
)
@pytest.mark.parametrize("taille", [1, 2, 4])
def test_cursor_pages_cover_every_row_once_in_order(table, tri, taille):
    attendu = _communes(_query(tri=tri, taille=50))
    vus, curseur, pages = [], None, 0
    while True:
        page = _query(tri=tri, taille=taille, curseur=curseur)
        vus += _communes(page)
        pages += 1
        curseur = page.suivant
        if curseur is None:
            break
    assert vus == attendu
    assert pages == -(-len(LIGNES) // taille)


def test_cursor_with_filter_and_fields(table):
    first = _query(
        filtres=[Filtre("Ouvert", "eq", True)], tri=["-Population"], champs=["Commune"], taille=2
    )
    assert first.lignes == [{"Commune": "Béziers"}, {"Commune": "Agde"}]
    second = _query(
        filtres=[Filtre("Ouvert", "eq", True)],
        tri=["-Population"],
        champs=["Commune"],
        curseur=first.suivant,
        taille=2,
    )
    assert second.lignes == [{"Commune": None}] and second.suivant is None


def test_fields_selection_keeps_requested_order(table):
    page = _query(champs=["Population", "Commune"], taille=1)
    assert list(page.lignes[0]) == ["Population", "Commune"]
    assert tuple(
        next(tabulaire.rows_stream(cle="v1", colonnes=COLONNES, champs=["Date", "lat"]))
    ) == (
        date(2024, 1, 15),
        43.34,
    )


def test_stream_gives_every_matching_row_sorted(table):
    rows = list(
        tabulaire.rows_stream(
            cle="v1",
            colonnes=COLONNES,
            tri=["-Population"],
            filtres=[Filtre("Population", "gte", 29000)],
        )
    )
    assert [row[0] for row in rows] == ["Montpellier", "Béziers", "Sète", "Agde"]
    assert rows[0][2] == Decimal("12.50") and rows[0][3] == date(2022, 12, 31)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filtres": [Filtre("Inconnue", "eq", 1)]}, "Colonne inconnue : « Inconnue »"),
        ({"filtres": [Filtre("Population", "like", 1)]}, "Opérateur inconnu : « like »"),
        (
            {"filtres": [Filtre("Population", "gt", "beaucoup")]},
            "« beaucoup » n'est pas un nombre entier",
        ),
        ({"filtres": [Filtre("Population", "eq", "12.5")]}, "n'est pas un nombre entier"),
        ({"filtres": [Filtre("Montant", "gt", "douze")]}, "n'est pas un nombre décimal"),
        ({"filtres": [Filtre("Montant", "gt", "NaN")]}, "n'est pas un nombre décimal"),
        ({"filtres": [Filtre("Date", "lt", "2024-13-45")]}, "n'est pas une date"),
        ({"filtres": [Filtre("Ouvert", "eq", "peut-être")]}, "n'est pas oui ou non"),
        ({"filtres": [Filtre("Ouvert", "gt", True)]}, "ne s'applique pas"),
        ({"filtres": [Filtre("lat", "lt", "nord")]}, "n'est pas une latitude"),
        (
            {"filtres": [Filtre("Population", "contains", "12")]},
            "ne s'applique qu'aux colonnes de texte",
        ),
        ({"filtres": [Filtre("geo", "eq", "x")]}, "ne se filtre pas"),
        ({"filtres": [Filtre("Population", "in", [])]}, "attend une liste"),
        ({"filtres": [Filtre("Population", "in", list(range(501)))]}, "au plus 500"),
        ({"filtres": [Filtre("Population", "gt", 2**70)]}, "n'est pas un nombre entier"),
        ({"tri": ["Inconnue"]}, "Colonne inconnue"),
        ({"tri": ["geo"]}, "ne se trie pas"),
        ({"champs": ["Commune", "Inconnue"]}, "Colonne inconnue"),
        ({"champs": []}, "au moins un champ"),
        ({"taille": 0}, "taille de page"),
        ({"taille": 100000}, "taille de page"),
        ({"curseur": "n'importe quoi"}, "Curseur de pagination invalide"),
        ({"curseur": ""}, None),
    ],
)
def test_bad_arguments_give_french_errors(table, kwargs, message):
    if message is None:
        assert len(_query(**kwargs).lignes) == 6
        return
    with pytest.raises(ValueError, match=message):
        _query(**kwargs)


def test_cursor_of_another_sort_or_table_is_refused(table):
    curseur = _query(tri=["Commune"], taille=2).suivant
    with pytest.raises(ValueError, match="Curseur de pagination invalide"):
        _query(tri=["-Commune"], curseur=curseur)
    tabulaire.rows_load(cle="v2", colonnes=COLONNES, lignes=LIGNES)
    with pytest.raises(ValueError, match="Curseur de pagination invalide"):
        _query(cle="v2", tri=["Commune"], curseur=curseur)
    forged = curseur[:-3] + ("AAA" if not curseur.endswith("AAA") else "BBB")
    with pytest.raises(ValueError, match="Curseur de pagination invalide"):
        _query(tri=["Commune"], curseur=forged)


@pytest.mark.parametrize(
    "cle", ["V1", "v1; DROP TABLE comptes_user", "1v", "", "v" * 33, "v-1", 'v1"', None, "vé"]
)
def test_storage_key_is_validated(cle):
    with pytest.raises(ValueError, match="Clé de stockage invalide"):
        tabulaire.table_create(cle=cle, colonnes=COLONNES)
    with pytest.raises(ValueError, match="Clé de stockage invalide"):
        tabulaire.rows_query(cle=cle, colonnes=COLONNES)


def test_unknown_column_type_is_refused():
    with pytest.raises(ValueError, match="Type de colonne inconnu « json »"):
        tabulaire.table_create(cle="v1", colonnes=[Colonne("a", "json")])


HOSTILES = [
    Colonne('"; DROP TABLE comptes_user; --', "texte"),
    Colonne("x') OR 1=1 --", "entier"),
    Colonne("Nom de la commune (INSEE) é à ç", "texte"),
    Colonne("a" * 5000, "decimal"),
    Colonne("doublon", "texte"),
    Colonne("doublon", "entier"),
    Colonne("", "date"),
    Colonne("\x00nul", "booleen"),
    Colonne("id", "entier"),
    Colonne("c0", "texte"),
]


def test_hostile_column_names_are_only_labels(django_user_model):
    lignes = [
        ("a", 1, "Ville", Decimal("1.5"), "x", 1, "2024-01-01", True, 7, "c"),
        ("b", 2, "Ville", Decimal("2.5"), "y", 2, None, False, 8, "d"),
    ]
    assert tabulaire.rows_load(cle="v7", colonnes=HOSTILES, lignes=lignes) == 2
    noms = tabulaire.column_names(HOSTILES)
    assert noms[4:6] == ["doublon", "doublon (2)"]
    page = tabulaire.rows_query(
        cle="v7",
        colonnes=HOSTILES,
        filtres=[
            Filtre(HOSTILES[1].nom, "gte", 2),
            Filtre("doublon (2)", "eq", 2),
            Filtre(HOSTILES[0].nom, "contains", "b"),
        ],
        tri=["-" + HOSTILES[3].nom, "id"],
        champs=[HOSTILES[0].nom, "", "doublon (2)", "id", "c0"],
    )
    assert page.lignes == [{HOSTILES[0].nom: "b", "": None, "doublon (2)": 2, "id": 8, "c0": "d"}]
    assert django_user_model.objects.count() == 0  # the table is still there
    assert tabulaire.rows_count(cle="v7", colonnes=HOSTILES) == 2


def test_bad_values_at_load_give_the_line_and_keep_nothing():
    lignes = [("Agde", 1), ("Sète", "beaucoup")]
    colonnes = [Colonne("Commune", "texte"), Colonne("Population", "entier")]
    with pytest.raises(
        ValueError, match="Ligne 2 : La valeur « beaucoup » n'est pas un nombre entier"
    ):
        tabulaire.rows_load(cle="v3", colonnes=colonnes, lignes=lignes)
    assert "v3" not in tabulaire.tables_existing()
    with pytest.raises(ValueError, match="Ligne 1 : 3 valeurs pour 2 colonnes"):
        tabulaire.rows_load(cle="v3", colonnes=colonnes, lignes=[("a", 1, 2)])


def test_loading_twice_appends_and_table_drop_removes(table):
    tabulaire.rows_load(cle="v1", colonnes=COLONNES, lignes=LIGNES[:2])
    page = _query(taille=50)
    assert page.total == 8 and _communes(page)[6:] == ["Béziers", "Sète"]
    assert "v1" in tabulaire.tables_existing()
    tabulaire.table_drop(cle="v1")
    tabulaire.table_drop(cle="v1")  # nothing to drop: no error
    assert "v1" not in tabulaire.tables_existing()


def test_empty_table_gives_an_empty_page():
    tabulaire.table_create(cle="v5", colonnes=COLONNES)
    tabulaire.table_create(cle="v5", colonnes=COLONNES)
    page = tabulaire.rows_query(cle="v5", colonnes=COLONNES, tri=["Commune"])
    assert page.lignes == [] and page.suivant is None and page.total == 0
    assert list(tabulaire.rows_stream(cle="v5", colonnes=COLONNES)) == []
    assert tabulaire.rows_load(cle="v5", colonnes=COLONNES, lignes=iter(())) == 0


def test_count_is_optional(table):
    assert _query(compter=False).total is None


def test_diff_counts_added_and_removed_rows_as_multisets(table):
    apres = [
        LIGNES[0],
        LIGNES[0],
        LIGNES[1],
        LIGNES[3],
        LIGNES[5],
        ("Lodève", 7000, None, None, None, None, None, None),
    ]
    tabulaire.rows_load(cle="v2", colonnes=COLONNES, lignes=apres)
    # v1: B S A E M N ; v2: B B S E N L → added B, L ; removed A, M
    assert tabulaire.rows_diff(cle_avant="v1", cle_apres="v2", colonnes=COLONNES) == (2, 2)
    assert tabulaire.rows_diff(cle_avant="v1", cle_apres="v1", colonnes=COLONNES) == (0, 0)
    assert tabulaire.rows_diff(cle_avant="v2", cle_apres="v1", colonnes=COLONNES) == (2, 2)


def test_diff_of_versions_with_other_columns_counts_every_row():
    avant = [Colonne("Commune", "texte")]
    apres = [Colonne("Commune", "texte"), Colonne("Population", "entier")]
    tabulaire.rows_load(cle="v10", colonnes=avant, lignes=[("Agde",), ("Sète",)])
    tabulaire.rows_load(cle="v11", colonnes=apres, lignes=[("Agde", 1), ("Sète", 2), ("Vic", 3)])
    assert tabulaire.rows_diff(cle_avant="v10", cle_apres="v11", colonnes=apres) == (3, 2)


def test_colonnes_may_be_dicts_as_stored_in_versions(table):
    colonnes = [{"nom": c.nom, "type_detecte": "texte", "type": c.type} for c in COLONNES]
    page = tabulaire.rows_query(
        cle="v1", colonnes=colonnes, filtres=[Filtre("Commune", "eq", "Agde")]
    )
    assert page.lignes[0]["Population"] == 29000


@pytest.mark.parametrize(
    "texte",
    [
        "Béziers",
        "L'Isle-Jourdain",
        "ŒUILLY  «  Saint-Étienne »",
        "Ça, c'est l'été !",
        "naïve café",
        "n°12 — Mèze",
        "ÀÉÎÕÜ ñ ç",
        "plain ascii-text. ok",
        "Ǆemal",
        "ﬁne ﬂow",
        "",
        "   ",
    ],
)
def test_text_key_is_the_search_form_of_the_project(texte):
    from territoires.core.text import normalize_search
    from territoires.opendata.tabulaire.columns import text_key

    assert text_key(texte) == normalize_search(texte)


def test_hostile_text_values_come_back_as_given():
    valeurs = [
        "'; DROP TABLE comptes_user; --",
        '=HYPERLINK("http://x")',
        "nul\x00au milieu",
        "émoji 🚲 et ligature œuvre",
        "x" * 20000,
        "%_\\",
    ]
    colonnes = [Colonne("Texte", "texte")]
    tabulaire.rows_load(cle="v8", colonnes=colonnes, lignes=[(v,) for v in valeurs])
    rendues = [row[0] for row in tabulaire.rows_stream(cle="v8", colonnes=colonnes)]
    assert rendues == [v.replace("\x00", "") for v in valeurs]
    page = tabulaire.rows_query(
        cle="v8", colonnes=colonnes, filtres=[Filtre("Texte", "contains", "OEUVRE")]
    )
    assert [ligne["Texte"] for ligne in page.lignes] == [valeurs[3]]
    page = tabulaire.rows_query(
        cle="v8", colonnes=colonnes, filtres=[Filtre("Texte", "eq", "%_\\")]
    )
    assert [ligne["Texte"] for ligne in page.lignes] == [valeurs[5]]


def test_diff_with_a_missing_table_counts_it_empty(table):
    assert tabulaire.rows_diff(cle_avant="v404", cle_apres="v1", colonnes=COLONNES) == (6, 0)
    assert tabulaire.rows_diff(cle_avant="v1", cle_apres="v404", colonnes=COLONNES) == (0, 6)


def test_the_indexing_step_is_announced_once_every_row_is_in_before_the_indexes():
    from django.db import connection

    from territoires.opendata.tabulaire.query import table_name

    vus = []

    def indexing(n):
        # At this moment the rows are loaded and the search indexes are still to build.
        indexes = connection.introspection.get_constraints(connection.cursor(), table_name("v9"))
        vus.append((n, sum(1 for c in indexes.values() if c["index"] and not c["primary_key"])))

    tabulaire.table_create(cle="v9", colonnes=COLONNES)
    tabulaire.rows_load(cle="v9", colonnes=COLONNES, lignes=iter(LIGNES), on_indexing=indexing)
    assert vus == [(len(LIGNES), 0)]
    apres = connection.introspection.get_constraints(connection.cursor(), table_name("v9"))
    assert any(c["index"] and not c["primary_key"] for c in apres.values())
