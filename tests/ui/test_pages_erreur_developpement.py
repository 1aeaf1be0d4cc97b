"""`make run` (TERRITOIRES_ENV=development) serves the product's own 404, never Django's debug
page that lists the URL patterns: a missing page and another organisation's object look the
same. Checked in a real development process, with its own settings and database."""

import os
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from territoires.comptes.models import Membre, Organisation, User

own = Organisation.objects.create(nom="Commune de Lectoure", type="commune")
other = Organisation.objects.create(nom="Commune d'Auch", type="commune")
user = User.objects.create_user(email="maire@lectoure.test", password="x" * 20)
Membre.objects.create(user=user, organisation=own, role="gestionnaire")
client = Client()
client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
print("DEBUG", settings.DEBUG)
for name, url in (
    ("own", f"/comptes/organisations/{own.pk}/"),
    ("other", f"/comptes/organisations/{other.pk}/"),
    ("missing", "/cette-page-n-existe-pas/"),
    ("static", "/static/ui/css/territoires.css"),
):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    (settings.VAR_DIR / f"{name}.html").write_bytes(body)
    print(name, response.status_code)
"""


def test_development_serves_the_products_404_for_missing_and_forbidden_alike(
    tmp_path, copie_de_base_migree
):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERRITOIRES_")}
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(
        TERRITOIRES_ENV="development",
        TERRITOIRES_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}",
        DJANGO_SETTINGS_MODULE="territoires.settings",
    )
    copie_de_base_migree(tmp_path / "dev.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["DEBUG", "False", "own", "200", "other", "404",
                                     "missing", "404", "static", "200"]  # fmt: skip
    # The CSRF token is masked anew on each page: set aside, the pages are compared whole.
    other, missing = (
        re.sub(r'(content|value)="[A-Za-z0-9]{64}"', "", (tmp_path / f"{name}.html").read_text())
        for name in ("other", "missing")
    )
    for page in (other, missing):
        assert "<h1>Page introuvable</h1>" in page
        assert "URLconf" not in page and "comptes/organisations/" not in page
    # Nothing tells a forbidden object from a missing page.
    assert other == missing
    # Static files are still served, straight from the app (no collectstatic).
    css = PROJECT / "territoires/ui/static/ui/css/territoires.css"
    assert (tmp_path / "static.html").read_bytes() == css.read_bytes()
