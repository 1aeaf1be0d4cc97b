"""Database upkeep that production schedules (cron) and `make run` does at start.

The query planner needs table statistics to choose the selective index: without them SQLite
read every aid dossier of a 200,000-row table by state to draw one commune's page (80 ms a
query, 3–5 s a page on the national bench) where the index of the commune answers in 3 ms.
PostgreSQL's autovacuum keeps them; SQLite never gathers them by itself.
"""

from django.db import connection

#: Rows sampled per index by SQLite's ANALYZE: approximate statistics in milliseconds, even on
#: millions of rows (what SQLite recommends for `PRAGMA optimize`).
SQLITE_ANALYSIS_LIMIT = 1000


def planner_statistics_refresh() -> str:
    """Refresh the planner statistics of every table; returns the database engine's name."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return connection.vendor
