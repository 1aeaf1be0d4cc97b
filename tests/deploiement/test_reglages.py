"""The settings of a deployment on several servers: the shared cache chosen by `CACHE_URL`, the
documents in S3. Read from a fresh interpreter, as a server reads them at start-up."""

import json
import os
import subprocess
import sys

import pytest

LIRE = (
    "import json, territoires.settings as s;"
    "print(json.dumps({'cache': s.CACHES['default'], 'stockage': s.STORAGES['default']}))"
)


def reglages(tmp_path, **env) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_", "REDIS_", "S3_"))}
    sortie = subprocess.run(
        [sys.executable, "-c", LIRE],
        env=base | {"TERRITOIRES_VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
    )
    assert sortie.returncode == 0, sortie.stderr[-2000:]
    return json.loads(sortie.stdout)


@pytest.mark.parametrize(
    ("env", "backend", "location"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache", None),
        (
            {"CACHE_PARTAGE": "1"},
            "django.core.cache.backends.db.DatabaseCache",
            "territoires_cache",
        ),
        (
            {"CACHE_URL": "db://compteurs"},
            "django.core.cache.backends.db.DatabaseCache",
            "compteurs",
        ),
        (
            {"CACHE_URL": "redis://cache.interne:6379/1"},
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.interne:6379/1",
        ),
        (
            {"REDIS_URL": "valkey://cache.interne:6379/0"},
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.interne:6379/0",
        ),
    ],
)
def test_le_cache_partage_se_choisit_par_son_adresse(tmp_path, env, backend, location):
    cache = reglages(tmp_path, **env)["cache"]
    assert cache["BACKEND"] == backend
    assert cache.get("LOCATION") == location


def test_une_adresse_de_cache_inconnue_est_refusee_en_francais(tmp_path):
    sortie = subprocess.run(
        [sys.executable, "-c", LIRE],
        env=os.environ | {"TERRITOIRES_VAR_DIR": str(tmp_path), "CACHE_URL": "memcached://x"},
        capture_output=True,
        text=True,
    )
    assert sortie.returncode != 0
    assert "CACHE_URL inconnu : 'memcached://x'" in sortie.stderr


def test_les_documents_vont_au_stockage_s3_configure(tmp_path):
    assert reglages(tmp_path)["stockage"]["BACKEND"].endswith("FileSystemStorage")
    stockage = reglages(
        tmp_path,
        S3_BUCKET="documents",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_ADRESSAGE="path",
        S3_PREFIXE="gers",
    )["stockage"]
    assert stockage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = stockage["OPTIONS"]
    assert options["bucket_name"] == "documents"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["addressing_style"] == "path" and options["location"] == "gers"
    # Private objects, never one file written over another.
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
