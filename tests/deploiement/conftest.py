"""A real deployment on one machine: two gunicorn servers, one PostgreSQL, one cache (a table
of the database), one S3 store (moto in server mode) and the task worker apart.

Nothing of ours is replaced: the processes are the commands of docs/deploiement.md, with its
environment variables. They start side by side (the machine is slow and shared), then the
fixture waits for each one to answer.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests
from django.db import connections

# The shared database and the task worker of the fault tests (real processes, too).
from tests.core.pannes import base_partagee, serveurs_de_taches  # noqa: F401

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BUCKET = "territoires-documents"
REGION = "eu-west-3"
DEMARRAGE_MAX = 90  # seconds for a process to answer (a shared, slow machine)


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lancer(args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    process = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    process.log_path = log
    return process


def journal(process: subprocess.Popen) -> str:
    return f"--- {process.args[0]}\n" + Path(process.log_path).read_text(errors="replace")[-4000:]


def arreter(processus: list[subprocess.Popen]) -> None:
    """SIGINT to all (gunicorn's and werkzeug's quick shutdown), then wait for each."""
    vivants = [p for p in processus if p.poll() is None]
    for process in vivants:
        process.send_signal(signal.SIGINT)
    for process in vivants:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def attendre_http(process: subprocess.Popen, url: str) -> None:
    fin = time.monotonic() + DEMARRAGE_MAX
    while time.monotonic() < fin:
        if process.poll() is not None:
            pytest.fail(f"{url} s'est arrêté au démarrage :\n{journal(process)}")
        try:
            # The first request loads the whole URL configuration: slow on a shared machine.
            requests.get(url, timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.1)
    pytest.fail(f"{url} ne répond pas après {DEMARRAGE_MAX} s :\n{journal(process)}")


@dataclass
class StockageS3:
    endpoint: str
    client: object
    bucket: str = BUCKET

    def objets(self) -> dict[str, bytes]:
        listing = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {
            o["Key"]: self.client.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read()
            for o in listing
        }


@dataclass
class Deploiement:
    serveurs: list[str]
    media_root: Path
    s3: StockageS3
    processus: list[subprocess.Popen]

    def journaux(self) -> str:
        return "\n".join(journal(p) for p in self.processus)


def environnement(base_url: str, s3_endpoint: str, tmp_path: Path) -> dict[str, str]:
    """What every process of the deployment shares (docs/deploiement.md)."""
    return {
        "DATABASE_URL": base_url,
        "CACHE_URL": "db://territoires_cache",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_ACCESS_KEY": "test",
        "S3_SECRET_KEY": "test",
        "S3_REGION": REGION,
        "S3_ADRESSAGE": "path",
        # Must stay empty: the documents go to the bucket.
        "MEDIA_ROOT": str(tmp_path / "media-serveurs"),
        "TERRITOIRES_VAR_DIR": str(tmp_path / "var"),
        # Small limits, so that the test reaches them in a few requests.
        "API_LIMITE_DEBIT": "4/m",
        "AXES_FAILURE_LIMIT": "3",
        # Every open-data file is read by the task worker.
        "DONNEES_TACHE_SEUIL_MO": "0",
    }


def s3_pret(process: subprocess.Popen, endpoint: str) -> StockageS3:
    attendre_http(process, endpoint)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name=REGION,
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return StockageS3(endpoint=endpoint, client=client)


@pytest.fixture
def deploiement(base_partagee, serveurs_de_taches, tmp_path):  # noqa: F811
    if connections["default"].vendor != "postgresql":
        pytest.skip("déploiement à deux serveurs : passage PostgreSQL seulement (scripts/test.sh)")
    s3_endpoint = f"http://127.0.0.1:{port_libre()}"
    partage = environnement(base_partagee.url, s3_endpoint, tmp_path)
    env = os.environ | partage
    (tmp_path / "media-serveurs").mkdir()
    processus = [
        lancer(
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", s3_endpoint.rsplit(":", 1)[1]],
            env=os.environ | {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"},
            log=tmp_path / "s3.log",
        )
    ]
    serveurs = [f"http://127.0.0.1:{port_libre()}" for _ in range(2)]
    try:
        # Once per deployment (the migrations are already applied by the suite).
        cache_table = lancer(
            [sys.executable, "-m", "territoires", "createcachetable"],
            env=env,
            log=tmp_path / "createcachetable.log",
        )
        for nom, url in zip("ab", serveurs, strict=True):
            processus.append(
                lancer(
                    [str(BIN / "gunicorn"), "territoires.wsgi", "--workers", "1"]
                    + ["--bind", url.removeprefix("http://"), "--timeout", "60"],
                    env=env,
                    log=tmp_path / f"gunicorn-{nom}.log",
                )
            )
        worker = serveurs_de_taches(**{k: v for k, v in partage.items() if os.environ.get(k) != v})
        stockage = s3_pret(processus[0], s3_endpoint)
        assert cache_table.wait(timeout=DEMARRAGE_MAX) == 0, journal(cache_table)
        for process, url in zip(processus[1:], serveurs, strict=True):
            attendre_http(process, url)
        yield Deploiement(
            serveurs=serveurs,
            media_root=tmp_path / "media-serveurs",
            s3=stockage,
            processus=[*processus, worker],
        )
    finally:
        arreter(processus)
