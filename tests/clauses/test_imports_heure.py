"""An import is named by its time in the instance's zone, never in UTC (issue 14)."""

import datetime

from territoires.clauses.models import ImportClauses, ImportDecp


def test_an_import_is_named_by_its_time_in_the_instance_s_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    le = datetime.datetime(2026, 7, 1, 22, 30, tzinfo=datetime.UTC)
    assert str(ImportClauses(cree_le=le)) == "Import du 02/07/2026 à 00:30"  # summer time
    assert str(ImportDecp(cree_le=le)) == "Import DECP du 02/07/2026 à 00:30"
