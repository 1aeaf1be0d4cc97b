import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from territoires.comptes.models import Membre, Organisation, Role, User
from territoires.core.models import TacheSuivi
from territoires.core.notifications import notify
from territoires.core.task_tracking import (
    progress_finish,
    progress_start,
    progress_tracking,
    progress_update,
    task_launch,
)
from territoires.core.tasks import notifications_digest_task


@task()
def export_communes(*, suivi_id=None, lignes=4):
    """A task of a module, reporting its progress line by line."""
    with progress_tracking(suivi_id, total=lignes):
        for index in range(1, lignes + 1):
            progress_update(index, message=f"Ligne {index} sur {lignes}")
        progress_finish(result_url="/exports/communes.csv", message="Export prêt.")


@task()
def export_impossible(*, suivi_id=None):
    with progress_tracking(suivi_id, total=10):
        progress_update(2)
        raise ValidationError("Le fichier source est introuvable.")


@pytest.fixture
def administrateur(make_user, make_organisation, settings):
    settings.TERRITOIRES_OTP_REQUIRED = False
    departement = make_organisation(nom="Département du Gers", type=Organisation.Type.DEPARTEMENT)
    user = make_user(email="admin@gers.example")
    Membre.objects.create(user=user, organisation=departement, role=Role.ADMINISTRATEUR)
    return user


def test_owner_sees_progress_and_result(client, make_user):
    owner = make_user()
    suivi = task_launch(task=export_communes, owner=owner, label="Export des communes")
    client.force_login(owner)

    response = client.get(suivi.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Export des communes" in page
    assert "Terminée" in page
    assert '<progress id="progression-barre" max="4" value="4">' in page
    assert "Export prêt." in page
    assert 'href="/exports/communes.csv"' in page
    # Finished: the fragment no longer polls.
    assert "hx-trigger" not in page
    suivi.refresh_from_db()
    assert suivi.task_result_id


def test_running_task_polls_every_two_seconds(client, make_user):
    owner = make_user()
    suivi = TacheSuivi.objects.create(proprietaire=owner, libelle="Import des aides")
    progress_start(suivi.pk, total=10, message="Lecture du fichier")
    progress_update(3, message="Ligne 3 sur 10")
    client.force_login(owner)

    page = client.get(suivi.get_absolute_url()).content.decode()
    assert 'aria-live="polite"' in page
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="progression-barre" max="10" value="3">' in page
    assert "3 sur 10 (30 %)" in page

    # htmx asks for the fragment only.
    fragment = client.get(suivi.get_absolute_url(), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="progression"')
    assert "<h1>" not in html and "Ligne 3 sur 10" in html


def test_failed_task_shows_its_error(client, make_user):
    owner = make_user()
    suivi = task_launch(task=export_impossible, owner=owner, label="Export impossible")
    client.force_login(owner)
    page = client.get(suivi.get_absolute_url()).content.decode()
    assert "La tâche a échoué" in page
    assert "Le fichier source est introuvable." in page
    assert "Échouée" in page


def test_task_of_someone_else_answers_404(client, make_user):
    suivi = task_launch(task=export_communes, owner=make_user(), label="Export")
    client.force_login(make_user())
    assert client.get(suivi.get_absolute_url()).status_code == 404
    assert client.get(reverse("core:task_list")).content.decode().count("Export") == 0


def test_task_list_shows_my_tasks(client, make_user):
    owner = make_user()
    task_launch(task=export_communes, owner=owner, label="Export des communes")
    client.force_login(owner)
    page = client.get(reverse("core:task_list")).content.decode()
    assert "Export des communes" in page
    assert "<caption>Tâches lancées récemment</caption>" in page


def test_administrator_sends_digests_from_the_ui(client, administrateur, make_user):
    user = make_user(frequence_notifications=User.FrequenceNotifications.QUOTIDIENNE)
    notify(users=[user], title="Nouvelle sollicitation")
    client.force_login(administrateur)

    response = client.post(reverse("core:task_send_digest"), follow=True)

    assert "1 récapitulatif(s) envoyé(s) par courriel." in response.content.decode()
    assert len(mail.outbox) == 1


def test_agent_cannot_send_digests(client, make_user):
    client.force_login(make_user())
    assert client.post(reverse("core:task_send_digest")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_worker_runs(settings, make_user):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    owner = make_user()
    daily = make_user(frequence_notifications=User.FrequenceNotifications.QUOTIDIENNE)
    notify(users=[daily], title="Dossier complet")
    # The immediate e-mail is queued for the worker, not sent by the web request.
    notify(users=[make_user()], title="Nouveau message")
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []

    suivi = task_launch(task=notifications_digest_task, owner=owner, label="Récapitulatifs")

    row = DBTaskResult.objects.get(id=suivi.task_result_id)
    assert row.status == "READY"
    assert suivi.statut == TacheSuivi.Statut.EN_ATTENTE

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    row.refresh_from_db()
    suivi.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert suivi.statut == TacheSuivi.Statut.TERMINEE
    assert suivi.resultat_texte == "1 récapitulatif(s) envoyé(s) par courriel."
    site = settings.TERRITOIRES_BRANDING["name"]
    assert sorted(m.subject for m in mail.outbox) == [
        f"[{site}] 1 nouvelle notification",
        f"[{site}] Nouveau message",
    ]


@pytest.mark.django_db(transaction=True)
def test_reconcile_command_fails_the_tasks_of_a_stopped_worker(settings, make_user):
    from io import StringIO

    from django.utils import timezone

    from territoires.core import selectors
    from territoires.core.models import ServeurTaches

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    suivi = task_launch(task=export_communes, owner=make_user(), label="Export des communes")
    # A worker on another machine took the task, then fell silent longer than the delay.
    DBTaskResult.objects.filter(pk=suivi.task_result_id).update(
        status="RUNNING", worker_ids=["ailleurs"], started_at=timezone.now()
    )
    silence = timezone.now() - datetime.timedelta(seconds=settings.TACHES_DELAI_INTERRUPTION + 1)
    ServeurTaches.objects.create(
        identifiant="ailleurs", machine="autre-serveur", pid=1, processus_cree=0,
        battement_le=silence,
    )  # fmt: skip
    out = StringIO()

    call_command("taches_reconcilier", stdout=out)

    suivi.refresh_from_db()
    assert "1 tâche(s) remise(s) en cohérence." in out.getvalue()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert suivi.erreur == selectors.INTERRUPTED_MESSAGE
    assert DBTaskResult.objects.get(pk=suivi.task_result_id).status == "FAILED"
    # A recent heartbeat: the task is left running.
    ServeurTaches.objects.update(battement_le=timezone.now())
    suivi2 = task_launch(task=export_communes, owner=suivi.proprietaire, label="Export 2")
    DBTaskResult.objects.filter(pk=suivi2.task_result_id).update(
        status="RUNNING", worker_ids=["ailleurs"], started_at=timezone.now()
    )
    TacheSuivi.objects.filter(pk=suivi2.pk).update(statut=TacheSuivi.Statut.EN_COURS)
    call_command("taches_reconcilier", stdout=StringIO())
    assert TacheSuivi.objects.get(pk=suivi2.pk).statut == TacheSuivi.Statut.EN_COURS


def test_import_fails_with_its_task_and_follows_its_relaunch(client, make_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoires.clauses.models import ImportClauses
    from territoires.clauses.tasks import clauses_import_task
    from territoires.core import selectors
    from territoires.core.documents import document_upload
    from tests.comptes.factories import ServiceFactory, login, member

    service = ServiceFactory()
    facilitateur = member(Role.FACILITATEUR, organisation=service)
    doc = document_upload(
        file=SimpleUploadedFile("marches.csv", b"reference;objet\n", "text/csv"),
        owner_organisation=service,
        uploaded_by=facilitateur,
    )
    suivi = TacheSuivi.objects.create(
        proprietaire=facilitateur,
        libelle="Import",
        tache_chemin=clauses_import_task.module_path,
        parametres={},
    )
    import_ = ImportClauses.objects.create(fichier=doc, cree_par=facilitateur, tache=suivi)
    TacheSuivi.objects.filter(pk=suivi.pk).update(parametres={"import_id": import_.pk})
    doc.fichier.storage.delete(doc.fichier.name)  # an unexpected error inside the task

    with pytest.raises(FileNotFoundError):
        clauses_import_task.call(import_id=import_.pk, suivi_id=str(suivi.pk))

    suivi.refresh_from_db()
    import_.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert import_.statut == ImportClauses.Statut.ECHOUE
    assert import_.erreurs[0]["message"] == selectors.TASK_FAILED_MESSAGE
    # Someone else may not relaunch it; its owner may, and the import follows the new task.
    client.force_login(make_user())
    assert client.post(reverse("core:tache_relancer", args=[suivi.pk])).status_code == 404
    login(client, facilitateur)
    assert "Relancer le traitement" in client.get(suivi.get_absolute_url()).content.decode()
    client.post(reverse("core:tache_relancer", args=[suivi.pk]))
    import_.refresh_from_db()
    assert import_.tache_id != suivi.pk
    assert import_.tache.statut == TacheSuivi.Statut.ECHOUEE  # the file is still missing
    assert import_.statut == ImportClauses.Statut.ECHOUE
