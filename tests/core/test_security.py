import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TERRITOIRES = Path(sys.executable).with_name("territoires")


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERRITOIRES_")}
    env.update(
        TERRITOIRES_ENV="production",
        TERRITOIRES_VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="territoires.example.fr",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    # Set by the browser tests of the same session; never in a real deployment.
    for name in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [str(TERRITOIRES), "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_hsts_and_secure_cookies(tmp_path, copie_de_base_migree):
    # A request through the real middleware stack, in a production process.
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "host = {'HTTP_HOST': 'territoires.example.fr'}\n"
        # A view that renders no template: static files are not collected here.
        "url = '/documents/00000000-0000-0000-0000-000000000000/'\n"
        "r = Client().get(url, secure=True, **host)\n"
        "print(r.status_code)\n"
        "print(r.headers.get('Strict-Transport-Security'))\n"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)\n"
        "print(settings.SESSION_COOKIE_HTTPONLY, settings.DEBUG)\n"
        "r = Client().get('/', **host)\n"
        "print(r.status_code, r.headers.get('Location'))\n"
    )
    env = production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "territoires.settings"}
    copie_de_base_migree(tmp_path / "prod.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, hsts, cookie_flags, other_flags, redirect = result.stdout.strip().splitlines()
    assert status == "302"  # to the login page
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert cookie_flags == "True True"
    assert other_flags == "True False"
    # Plain HTTP is redirected to HTTPS.
    assert redirect == "301 https://territoires.example.fr/"


def test_pages_carry_csp_without_unsafe_inline_and_anti_framing(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
