import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections

from tests.bases_sqlite import copier_base_sqlite


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files of a test live in its own temporary folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's database of the suite, just migrated; on SQLite (in memory, invisible to
    another process) a copy is kept on disk at that moment, before any test writes or empties
    a table: the path, for `base_sqlite_migree` (None when there is no such copy)."""
    connection = connections["default"]
    # Not created when no collected test uses the database (pytest-django creates only those).
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return None
    with django_db_blocker.unblock():
        return copier_base_sqlite(
            connection, tmp_path_factory.mktemp("base-migree") / "base.sqlite3"
        )


@pytest.fixture(scope="session")
def base_sqlite_migree(django_db_setup, tmp_path_factory) -> Path:
    """A migrated SQLite file, for the tests that start a process of their own with other
    settings (production, development): each copies it (`copie_de_base_migree`) instead of
    migrating (~20 s a time). The suite's own database when it runs on SQLite; else migrated
    once per worker (PostgreSQL, or no test of the worker uses the database)."""
    if django_db_setup is not None:
        return django_db_setup
    dossier = tmp_path_factory.mktemp("base-migree")
    chemin = dossier / "base.sqlite3"
    subprocess.run(
        [str(Path(sys.executable).with_name("territoires")), "migrate", "--noinput", "-v0"],
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{chemin}",
            "TERRITOIRES_VAR_DIR": str(dossier / "var"),
        },
        check=True,
    )
    return chemin


@pytest.fixture
def copie_de_base_migree(base_sqlite_migree):
    """`copie_de_base_migree(path)`: a migrated SQLite database at `path`."""

    def copier(chemin: Path) -> Path:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base_sqlite_migree, chemin)
        return chemin

    return copier
