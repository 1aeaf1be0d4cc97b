"""The shared cache option: the rate limits must hold across gunicorn workers."""

import os
import subprocess
import sys


def test_shared_cache_option_puts_the_cache_in_the_database(tmp_path, copie_de_base_migree):
    # A migrated SQLite base where the settings look without DATABASE_URL (the VAR_DIR below),
    # whatever database the suite itself runs on.
    copie_de_base_migree(tmp_path / "territoires.sqlite3")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CACHE_PARTAGE="1", TERRITOIRES_VAR_DIR=str(tmp_path))
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('createcachetable');"
        "from django.core.cache import cache; cache.set('plafond', 3);"
        "from django.db import connection; c = connection.cursor();"
        "c.execute('select count(*) from territoires_cache'); print(c.fetchone()[0])"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "territoires.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert sortie.stdout.strip() == "1"
