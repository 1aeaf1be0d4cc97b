"""Backup and restore, as the README says to do them: the demo, with documents filed on aid
dossiers, is saved (`pg_dump --format=custom` or SQLite's backup API) with a copy of the
MEDIA folder, restored into a new database, and the application shows the same dossiers,
the same files and the same ballots."""

import hashlib
import io
import shutil
import sqlite3
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections

from territoires.aides.models import Dossier
from territoires.comptes.models import Membre, Role
from territoires.core.documents import document_upload
from territoires.core.models import Document
from territoires.participation.models import Bulletin, EnveloppeCampagne, Resultat

from .pannes import connexion_vers, donnees_des_migrations, postgres_bin
from .samples import PDF

VENDOR = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


@pytest.fixture
def demo(settings, make_user):
    """The demo of the Gers, plus PDFs filed by agents on three aid dossiers."""
    settings.TERRITOIRES_DEPARTEMENT = "32"
    donnees_des_migrations()  # emptied by the transactional tests before this one
    call_command("referentiel_import", "--departement", "32", verbosity=0)
    call_command("demo_charger", verbosity=0, stdout=io.StringIO())
    deposants = []
    for rang, dossier in enumerate(Dossier.objects.order_by("pk")[:3]):
        agent = make_user()
        Membre.objects.create(user=agent, organisation=dossier.organisation, role=Role.AGENT)
        contenu = PDF + f"% pièce {rang} du dossier {dossier.pk}\n".encode()
        document_upload(
            file=SimpleUploadedFile(f"devis-{rang}.pdf", contenu, "application/pdf"),
            owner_organisation=dossier.organisation,
            uploaded_by=agent,
            attached_to=dossier,
        )
        deposants.append(agent)
    assert Bulletin.objects.exists() and Dossier.objects.exists()
    return deposants


def ce_que_montre_l_application(client, deposants) -> dict:
    fichiers = {}
    for agent in deposants:
        client.force_login(agent)
        for document in Document.objects.filter(depose_par=agent):
            response = client.get(document.get_absolute_url())
            assert response.status_code == 200
            fichiers[document.nom_original] = hashlib.sha256(
                b"".join(response.streaming_content)
            ).hexdigest()
    return {
        "dossiers": list(Dossier.objects.order_by("pk").values()),
        "fichiers": fichiers,
        "bulletins": {
            str(e): e.bulletins.count() for e in EnveloppeCampagne.objects.order_by("pk")
        },
        "resultats": list(
            Resultat.objects.order_by("pk").values_list("enveloppe", "bulletins", "selectionnes")
        ),
    }


def _media_restaure(settings, tmp_path) -> None:
    # The README: copy MEDIA_ROOT with the dump, put it back beside the restored database.
    copie = tmp_path / "media-sauvegarde"
    shutil.copytree(settings.MEDIA_ROOT, copie)
    shutil.rmtree(settings.MEDIA_ROOT)  # the old server is gone with its disk
    settings.MEDIA_ROOT = copie


@pytest.mark.skipif(
    VENDOR != "postgresql" or postgres_bin() is None, reason="passage PostgreSQL seulement"
)
def test_postgresql_dump_and_restore(transactional_db, demo, client, settings, tmp_path):
    connection = connections["default"]
    bin_dir = postgres_bin()
    avant = ce_que_montre_l_application(client, demo)
    s = connection.settings_dict
    server = ["-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"]]
    restauree = f"{s['NAME']}_restauree"
    dump = tmp_path / "territoires.dump"

    subprocess.run(
        [str(bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", *server, s["NAME"]],
        check=True,
        timeout=300,
    )
    subprocess.run([str(bin_dir / "createdb"), *server, restauree], check=True, timeout=60)
    try:
        subprocess.run(
            [str(bin_dir / "pg_restore"), "--no-owner", *server, "--dbname", restauree, dump],
            check=True,
            timeout=300,
        )
        _media_restaure(settings, tmp_path)
        with connexion_vers(NAME=restauree):
            assert ce_que_montre_l_application(client, demo) == avant
    finally:
        subprocess.run([str(bin_dir / "dropdb"), *server, restauree], check=True, timeout=60)


@pytest.mark.skipif(VENDOR != "sqlite3", reason="passage SQLite seulement")
def test_sqlite_backup_and_restore(base_partagee, demo, client, settings, tmp_path):
    avant = ce_que_montre_l_application(client, demo)
    copie = tmp_path / "territoires-sauvegarde.sqlite3"

    # What `sqlite3 var/territoires.sqlite3 ".backup …"` does, while the application runs.
    source = sqlite3.connect(base_partagee.sqlite_path)
    destination = sqlite3.connect(copie)
    with destination:
        source.backup(destination)
    source.close()
    destination.close()

    _media_restaure(settings, tmp_path)
    with connexion_vers(NAME=str(copie)):
        assert ce_que_montre_l_application(client, demo) == avant
