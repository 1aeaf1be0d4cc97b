"""A real deployment on one machine: two gunicorn servers, one PostgreSQL, one cache (a table
of the database), one S3 store (moto in server mode) and the task worker apart.

Nothing of ours is replaced: the processes are the commands of the README's production
section, with the environment variables of docs/deploiement.md.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
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
DEMARRAGE_MAX = 60  # seconds for a process to answer (a shared, slow machine)


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def arreter(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def journal(process: subprocess.Popen) -> str:
    return Path(process.log_path).read_text(errors="replace")[-4000:]


def lancer(args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    process = subprocess.Popen(args, cwd=PROJECT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    process.log_path = log
    return process


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
    bucket: str = BUCKET
    client: object = None

    def objets(self) -> dict[str, bytes]:
        listing = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return {
            o["Key"]: self.client.get_object(Bucket=self.bucket, Key=o["Key"])["Body"].read()
            for o in listing
        }


@pytest.fixture
def stockage_s3(tmp_path):
    """moto's S3 server in its own process, on a free local port, with an empty bucket."""
    port = port_libre()
    process = lancer(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        env=os.environ | {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"},
        log=tmp_path / "s3.log",
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        attendre_http(process, endpoint)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="eu-west-3",
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        yield StockageS3(endpoint=endpoint, client=client)
    finally:
        arreter(process)


@dataclass
class Deploiement:
    serveurs: list[str]
    media_root: Path
    s3: StockageS3
    worker: subprocess.Popen
    processus: list[subprocess.Popen] = field(default_factory=list)

    def journaux(self) -> str:
        return "\n".join(journal(p) for p in [*self.processus, self.worker])


@pytest.fixture
def deploiement(base_partagee, serveurs_de_taches, stockage_s3, tmp_path):  # noqa: F811
    if connections["default"].vendor != "postgresql":
        pytest.skip("déploiement à deux serveurs : passage PostgreSQL seulement (scripts/test.sh)")
    media_root = tmp_path / "media-serveurs"  # must stay empty: documents go to S3
    media_root.mkdir()
    env = os.environ | {
        "DATABASE_URL": base_partagee.url,
        "CACHE_URL": "db://territoires_cache",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "S3_BUCKET": stockage_s3.bucket,
        "S3_ENDPOINT_URL": stockage_s3.endpoint,
        "S3_ACCESS_KEY": "test",
        "S3_SECRET_KEY": "test",
        "S3_REGION": "eu-west-3",
        "S3_ADRESSAGE": "path",
        "MEDIA_ROOT": str(media_root),
        "TERRITOIRES_VAR_DIR": str(tmp_path / "var"),
        # Small limits, so that the test reaches them in a few requests.
        "API_LIMITE_DEBIT": "4/m",
        "AXES_FAILURE_LIMIT": "3",
        # Every open-data file is read by the task worker.
        "DONNEES_TACHE_SEUIL_MO": "0",
    }
    # Once per deployment, before the servers (the migrations are already applied).
    subprocess.run(
        [sys.executable, "-m", "territoires", "createcachetable"],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    serveurs, processus = [], []
    try:
        for nom in ("a", "b"):
            port = port_libre()
            process = lancer(
                [str(BIN / "gunicorn"), "territoires.wsgi", "--workers", "1"]
                + ["--bind", f"127.0.0.1:{port}", "--timeout", "60"],
                env=env,
                log=tmp_path / f"gunicorn-{nom}.log",
            )
            processus.append(process)
            serveurs.append(f"http://127.0.0.1:{port}")
        worker = serveurs_de_taches(**{k: v for k, v in env.items() if os.environ.get(k) != v})
        for process, url in zip(processus, serveurs, strict=True):
            attendre_http(process, url)
        yield Deploiement(
            serveurs=serveurs, media_root=media_root, s3=stockage_s3, worker=worker,
            processus=processus,
        )  # fmt: skip
    finally:
        for process in processus:
            arreter(process)
