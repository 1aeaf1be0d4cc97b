"""The fingerprint of the rows: the same rows read back from the tabular storage give the
same fingerprint (so a refresh without change creates no version); any change alters it."""

import datetime
from decimal import Decimal

import pytest

from territoires.opendata import tabulaire
from territoires.opendata.automatiques.empreinte import canonical, rows_fingerprint
from territoires.opendata.tabulaire import Colonne

pytestmark = pytest.mark.django_db

COLONNES = [
    Colonne("code", "texte"),
    Colonne("population", "entier"),
    Colonne("montant", "decimal"),
    Colonne("jour", "date"),
    Colonne("retenu", "booleen"),
    Colonne("latitude", "latitude"),
    Colonne("longitude", "longitude"),
]
D = Decimal
LIGNES = [
    ("32013", 22000, D("8000.00"), datetime.date(2026, 6, 26), True, D("43.64"), D("0.58")),
    ("32208", None, D("0.50"), None, False, None, None),
    ("", 0, D("-12.3"), datetime.date(2025, 1, 1), None, D("43.9"), D("0.62")),
]


def test_rows_read_back_from_the_storage_have_the_same_fingerprint():
    tabulaire.table_create(cle="v_empreinte", colonnes=COLONNES)
    tabulaire.rows_load(cle="v_empreinte", colonnes=COLONNES, lignes=LIGNES)
    relues = list(tabulaire.rows_stream(cle="v_empreinte", colonnes=COLONNES))
    assert rows_fingerprint(COLONNES, relues) == rows_fingerprint(COLONNES, LIGNES)
    tabulaire.table_drop(cle="v_empreinte")


def test_the_order_of_the_rows_does_not_matter_any_change_does():
    reference = rows_fingerprint(COLONNES, LIGNES)
    assert rows_fingerprint(COLONNES, list(reversed(LIGNES))) == reference
    autre = [LIGNES[0][:2] + (Decimal("8000.01"),) + LIGNES[0][3:], *LIGNES[1:]]
    assert rows_fingerprint(COLONNES, autre) != reference
    assert rows_fingerprint(COLONNES, LIGNES[:2]) != reference
    assert rows_fingerprint(COLONNES, [*LIGNES, LIGNES[0]]) != reference  # a multiset
    renommees = [Colonne("code_insee", "texte"), *COLONNES[1:]]
    assert rows_fingerprint(renommees, LIGNES) != reference


def test_canonical_values():
    assert canonical(Decimal("8000.00"), "decimal") == canonical(8000.0, "decimal") == "8000"
    assert canonical(None, "texte") == canonical("", "texte") == ""
    assert canonical(True, "booleen") == canonical("oui", "booleen") == "1"
    assert canonical(datetime.date(2026, 1, 2), "date") == "2026-01-02"
    assert canonical(Decimal("0.000"), "decimal") == "0"
