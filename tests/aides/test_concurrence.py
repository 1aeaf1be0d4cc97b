"""Robustness: unique dossier numbers under concurrent filing (PostgreSQL), and two
instructors editing the same dossier (optimistic locking)."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from territoires.aides import services
from territoires.aides.models import Dossier
from territoires.comptes.models import Role
from tests.comptes.factories import MembreFactory, OrganisationFactory, UserFactory, login

from .factories import D, dossier_ddr, world


@pytest.mark.skipif(connection.vendor != "postgresql", reason="verrous de ligne : PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_unique_numbers_under_concurrent_filing():
    w = world()
    clients, dossiers = [], []
    for _ in range(8):
        commune = OrganisationFactory()
        agent = MembreFactory(role=Role.AGENT, organisation=commune, user=UserFactory()).user
        dossiers.append(dossier_ddr(w, organisation=commune, actor=agent))
        client = Client()
        login(client, agent)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses = []

    def file(client, dossier):
        try:
            barrier.wait()
            response = client.post(
                reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=file, args=pair) for pair in zip(clients, dossiers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    numeros = list(Dossier.objects.values_list("numero", flat=True))
    assert None not in numeros
    assert len(set(numeros)) == len(numeros) == 8
    year = datetime.date.today().year  # noqa: DTZ011
    assert sorted(numeros) == [f"AID-{year}-{i:05d}" for i in range(1, 9)]


@pytest.mark.django_db
def test_second_instructor_save_is_refused_with_a_clear_message(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    # Both instructors opened the page at the same version.
    version = dossier.version
    session = dossier.session_id
    url = reverse("aides:dossier_proposer", args=[dossier.pk])
    login(client, w.instructeur)
    client.post(url, {"montant": "7000", "session": session, "version": version})
    other = Client()
    login(other, w.instructeur2)
    response = other.post(
        url, {"montant": "9000", "session": session, "version": version}, follow=True
    )
    page = response.content.decode()
    assert "a été modifié par" in page
    assert "vos changements n&#x27;ont pas été enregistrés" in page
    dossier.refresh_from_db()
    assert dossier.montant_propose == D("7000")
