"""Uniqueness of a key across every row, memory bounded: the keys seen go to a temporary
SQLite database on disk (deleted when closed), not to a Python set the size of the file."""

import sqlite3


class Unicite:
    """`seen(key, line)` → the line where the key was first seen, or None (and remembers it)."""

    def __init__(self):
        # "" opens a private temporary database, written to disk beyond its small cache.
        self._base = sqlite3.connect("")
        self._base.execute("PRAGMA cache_size = -2048")  # Kio: 2 Mio of cache at most
        self._base.execute("CREATE TABLE vues (cle TEXT PRIMARY KEY, ligne INTEGER) WITHOUT ROWID")

    def seen(self, cle: str, ligne: int) -> int | None:
        curseur = self._base.execute(
            "INSERT INTO vues (cle, ligne) VALUES (?, ?) ON CONFLICT (cle) DO NOTHING",
            (cle, ligne),
        )
        if curseur.rowcount:
            return None
        return self._base.execute("SELECT ligne FROM vues WHERE cle = ?", (cle,)).fetchone()[0]

    def close(self) -> None:
        self._base.close()
