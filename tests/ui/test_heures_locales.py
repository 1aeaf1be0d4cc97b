"""Issue 14 : an hour shown to a person is in the instance's time zone, never UTC."""

import datetime

from territoires.clauses.models import ImportClauses, ImportDecp

#: 8 h 05 UTC in January is 9 h 05 in Paris (settings.TIME_ZONE).
UTC_MORNING = datetime.datetime(2026, 1, 15, 8, 5, tzinfo=datetime.UTC)


def test_the_name_of_an_import_gives_the_local_hour():
    assert str(ImportClauses(cree_le=UTC_MORNING)) == "Import du 15/01/2026 à 09:05"
    assert str(ImportDecp(cree_le=UTC_MORNING)) == "Import DECP du 15/01/2026 à 09:05"
