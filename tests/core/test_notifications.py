import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import User
from territoires.core.context_processors import notifications as notifications_context
from territoires.core.models import Notification
from territoires.core.notifications import notify

QUOTIDIENNE = User.FrequenceNotifications.QUOTIDIENNE


def test_immediate_user_gets_one_email_after_commit(make_user, django_capture_on_commit_callbacks):
    user = make_user(email="maire@lectoure.example")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[user],
            title="Votre demande a été déposée",
            body="Le service ingénierie va l'étudier.",
            url="/ingenierie/demandes/12/",
            category="Ingénierie",
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits

    [email] = mail.outbox
    assert email.to == ["maire@lectoure.example"]
    assert "Votre demande a été déposée" in email.subject
    assert "Le service ingénierie va l'étudier." in email.body
    assert "http://localhost:8000/ingenierie/demandes/12/" in email.body
    assert "Vous recevez ce courriel parce que" in email.body
    assert "http://localhost:8000/notifications/preferences/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and 'lang="fr"' in html
    assert Notification.objects.get().envoyee_le is not None


def test_daily_digest_groups_notifications_and_never_sends_twice(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user(email="secretaire@auch.example", frequence_notifications=QUOTIDIENNE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], title="Dossier complet")
        notify(users=[user], title="Subvention votée", url="/aides/dossiers/3/")
    assert mail.outbox == []

    call_command("notifications_digest")

    [email] = mail.outbox
    assert email.to == ["secretaire@auch.example"]
    assert "2 nouvelles notifications" in email.subject
    assert "Dossier complet" in email.body and "Subvention votée" in email.body
    assert "récapitulatif quotidien" in email.body
    assert "http://localhost:8000/notifications/preferences/" in email.body
    assert not Notification.objects.filter(envoyee_le__isnull=True).exists()

    call_command("notifications_digest")
    assert len(mail.outbox) == 1


def test_digest_catches_up_immediate_emails_that_failed(make_user):
    user = make_user()
    # An immediate notification whose e-mail never left (e.g. SMTP down), an hour ago.
    Notification.objects.create(
        destinataire=user, titre="Relance", cree_le=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("notifications_digest")
    [email] = mail.outbox
    assert "Relance" in email.body
    assert "n'avaient pas pu vous être envoyées" in email.body


def test_notification_link_must_be_local(make_user):
    with pytest.raises(ValueError):
        notify(users=[make_user()], title="Piège", url="https://exemple.com/")
    with pytest.raises(ValueError):
        notify(users=[make_user()], title="Piège", url="//exemple.com/")


def test_list_shows_own_notifications_and_unread_count(client, make_user):
    user = make_user()
    other = make_user()
    notify(users=[user], title="Nouveau message de la MIT")
    notify(users=[other], title="Message pour quelqu'un d'autre")
    client.force_login(user)

    response = client.get(reverse("core:notification_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nouveau message de la MIT" in page
    assert "quelqu'un d'autre" not in page
    assert "Vous avez 1 notification non lue." in page
    assert response.context["notifications_non_lues"] == 1


def test_unread_count_for_header(make_user, django_assert_num_queries):
    user = make_user()
    notify(users=[user], title="Un")
    notify(users=[user], title="Deux")
    request = RequestFactory().get("/")
    request.user = user
    context = notifications_context(request)
    with django_assert_num_queries(1):
        html = Template("{{ n }} non lue{{ n|pluralize }}{% if n > 1 %} !{% endif %}").render(
            Context({"n": context["notifications_non_lues"]})
        )
    assert html == "2 non lues !"


def test_list_is_paginated_with_constant_queries(client, make_user, django_assert_max_num_queries):
    user = make_user()
    for index in range(45):
        notify(users=[user], title=f"Notification {index}")
    client.force_login(user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:notification_list"), {"page": 3})
    assert "Notification 0" in response.content.decode()
    assert "Notification 44" not in response.content.decode()


def test_mark_read_and_open(client, make_user):
    user = make_user()
    [notification] = notify(users=[user], title="À lire", url="/aides/")
    client.force_login(user)

    response = client.post(
        reverse("core:notification_read", args=[notification.pk]), {"ouvrir": "1"}
    )

    assert response.status_code == 302 and response["Location"] == "/aides/"
    notification.refresh_from_db()
    assert notification.est_lue


def test_someone_else_cannot_mark_my_notification(client, make_user):
    [notification] = notify(users=[make_user()], title="Privée")
    client.force_login(make_user())
    response = client.post(reverse("core:notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.est_lue


def test_mark_all_read(client, make_user):
    user = make_user()
    for title in ["Un", "Deux", "Trois"]:
        notify(users=[user], title=title)
    client.force_login(user)
    response = client.post(reverse("core:notification_read_all"), follow=True)
    assert "Toutes les notifications sont marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(lue_le__isnull=True).exists()


def test_preferences_page_switches_to_daily_digest(client, make_user):
    user = make_user()
    client.force_login(user)
    url = reverse("core:notification_preferences")

    page = client.get(url).content.decode()
    assert "Un récapitulatif par jour" in page

    response = client.post(url, {"frequence": QUOTIDIENNE}, follow=True)

    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    user.refresh_from_db()
    assert user.frequence_notifications == QUOTIDIENNE


def test_notification_pages_need_login(client):
    response = client.get(reverse("core:notification_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("comptes:login"))
