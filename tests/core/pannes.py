"""Fault tests with real processes: a database that other processes share, workers started
and killed for real, and a wait for what they write.

The suite's SQLite database lives in memory, invisible to another process: `base_partagee`
moves the test onto a SQLite file (copied from the migrated in-memory database) for its
duration. On PostgreSQL the test database is already shared.
"""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connections

from tests.bases_sqlite import copier_base_sqlite

PROJECT = Path(__file__).resolve().parents[2]


def attendre(condition, *, delai: float = 60, message="") -> None:
    """Wait for `condition`; `message` (text or function) says what did not happen."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"Délai dépassé : {message() if callable(message) else message or condition}")


class BasePartagee:
    def __init__(self, url: str, sqlite_path: Path | None) -> None:
        self.url = url
        self.sqlite_path = sqlite_path

    def en_transaction_longue(self) -> bool:
        """Another process is inside a write transaction (the import's one, not a progress line)."""
        if self.sqlite_path is not None:
            for _ in range(3):
                probe = sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)
                try:
                    probe.execute("BEGIN IMMEDIATE")
                    probe.execute("ROLLBACK")
                    return False
                except sqlite3.OperationalError:
                    time.sleep(0.05)
                finally:
                    probe.close()
            return True
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start < now() - interval '300 ms'"
            )
            return cursor.fetchone()[0] > 0


def donnees_des_migrations() -> None:
    """A transactional test starts on empty tables: put back what our data migrations write
    (the criteria of the clauses…), as any real database has it."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("territoires.")}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (label, _), migration in sorted(loader.disk_migrations.items()):
        for operation in migration.operations if label in ours else []:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


@pytest.fixture
def base_partagee(transactional_db, settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    connection = connections["default"]
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = quote(s["USER"]) + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
        donnees_des_migrations()
        yield BasePartagee(f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}", None)
        return
    path = copier_base_sqlite(connection, tmp_path / "base.sqlite3")
    saved_connection, saved_name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(path)
    try:
        donnees_des_migrations()
        yield BasePartagee(f"sqlite:///{path}", path)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved_name
        connection.connection = saved_connection


@pytest.fixture
def serveurs_de_taches(base_partagee, settings, tmp_path):
    """Start `territoires db_worker` processes on the shared database; all stopped at the end."""
    started: list[subprocess.Popen] = []

    def lancer(**env_extra) -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        env = os.environ | {
            "DATABASE_URL": base_partagee.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TERRITOIRES_VAR_DIR": str(tmp_path / "var"),
            "TACHES_DELAI_INTERRUPTION": "60",
            **env_extra,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "territoires", "db_worker", "--no-reload"]
            + ["--interval", "0.1", "--no-startup-delay", "-v", "2"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log_path = log.name
        started.append(process)
        return process

    yield lancer
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


def journal(process: subprocess.Popen) -> str:
    return Path(process.log_path).read_text(errors="replace")


@contextmanager
def connexion_vers(**database):
    """Point the test's default connection at another database for a while (the suite's own
    connection is put aside, untouched, and given back)."""
    connection = connections["default"]
    saved_connection = connection.connection
    saved = {key: connection.settings_dict.get(key) for key in database}
    connection.connection = None
    connection.settings_dict.update(database)
    try:
        yield connection
    finally:
        with suppress(Exception):  # a cluster stopped by the test
            connection.close()
        connection.settings_dict.update(saved)
        connection.connection = saved_connection


def postgres_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return candidates[-1] if candidates and (candidates[-1] / "initdb").exists() else None


class ClusterPostgres:
    """A PostgreSQL cluster of the test's own, that it may stop and restart (like
    scripts/with-postgres.sh: temporary folder, free loopback port, user nobody under root)."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="territoires-pg-panne."))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", f"{self.dir}/data", "-U", "territoires",
            "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()

    def start(self) -> None:
        # Durable like production (no fsync=off): the test stops it as a crash would.
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir}"
        self._run(
            str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-l", f"{self.dir}/log",
            "-w", "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", f"{self.dir}/data", "-m", "immediate", "stop")

    def url(self, name: str) -> str:
        return f"postgres://territoires@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster_postgres(transactional_db):
    """Own cluster with a copy of the suite's database (schema and all): PostgreSQL pass only."""
    connection = connections["default"]
    bin_dir = postgres_bin()
    if connection.vendor != "postgresql" or bin_dir is None:
        pytest.skip("panne de PostgreSQL : passage PostgreSQL seulement")
    cluster = ClusterPostgres(bin_dir)
    try:
        cluster.init()
        subprocess.run(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port)]
            + ["-U", "territoires", "territoires"],
            check=True,
            timeout=60,
        )
        s = connection.settings_dict
        source = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        dump = subprocess.run(
            [str(bin_dir / "pg_dump"), "--format=custom", "--dbname", source],
            check=True,
            capture_output=True,
            timeout=120,
            env=os.environ | ({"PGPASSWORD": s["PASSWORD"]} if s.get("PASSWORD") else {}),
        )
        subprocess.run(
            [str(bin_dir / "pg_restore"), "--no-owner", "--dbname", cluster.url("territoires")],
            input=dump.stdout,
            check=True,
            timeout=120,
        )
        yield cluster
    finally:
        cluster.remove()
