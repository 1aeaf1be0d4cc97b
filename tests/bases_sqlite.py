"""The suite's SQLite database lives in memory, invisible to another process: tests that start
one copy it to a file first."""

import sqlite3
from pathlib import Path


def copier_base_sqlite(connection, chemin: Path) -> Path:
    """The current state of `connection`'s SQLite database, written to `chemin` (online backup:
    consistent even while the connection holds it open)."""
    connection.ensure_connection()
    destination = sqlite3.connect(chemin)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    return chemin
