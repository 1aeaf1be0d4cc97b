"""A read-only domain command starts at once (issue 16 « Commands »): it neither runs the
system checks nor imports the URL configuration, which loads every view of every module.
Checked on the modules a fresh process holds after the command, not timed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCHEMA = """
import django
django.setup()
from django.apps import apps
from django.db import connection
with connection.schema_editor() as editor:
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            editor.create_model(model)
"""

# The project's modules a process holds after the command (or after a bare setup).
COMMANDE = """
import json, sys
if sys.argv[1:]:
    from territoires.__main__ import main
    main(["territoires", *sys.argv[1:]])
else:
    import django
    django.setup()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("territoires"))))
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A fresh SQLite file with the project's tables (created from the models: faster than
    every migration, the same schema for a command that reads)."""
    tmp = tmp_path_factory.mktemp("commandes")
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp / 'base.sqlite3'}",
        TERRITOIRES_VAR_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="territoires.settings",
    )
    subprocess.run([sys.executable, "-c", SCHEMA], env=env, cwd=ROOT, check=True, timeout=300)
    return env


def _run(env, *args) -> tuple[str, set]:
    result = subprocess.run(
        [sys.executable, "-c", COMMANDE, *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sortie, _, derniere = result.stdout.rstrip().rpartition("\n")
    return sortie, set(json.loads(derniere))


@pytest.mark.parametrize(
    "commande",
    [
        ("ingenierie", "stats", "--format", "json"),
        ("ingenierie", "stats"),
    ],
)
def test_a_read_only_command_does_not_import_the_url_configuration(base, commande):
    _setup, nu = _run(base)
    sortie, modules = _run(base, *commande)
    assert "Sollicitations" in sortie or '"total": 0' in sortie, sortie
    assert "territoires.urls" not in modules
    ajoutes = modules - nu
    assert not [m for m in ajoutes if m.endswith(".urls") or ".views" in m], sorted(ajoutes)


def test_check_still_runs_the_checks_and_loads_the_urls(base):
    _sortie, modules = _run(base, "check")
    assert "territoires.urls" in modules and "territoires.ingenierie.views.file" in modules
