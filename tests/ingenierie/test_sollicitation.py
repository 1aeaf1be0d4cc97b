"""The request's page."""

import pytest

from tests.comptes.factories import login

from .factories import SollicitationFactory

pytestmark = pytest.mark.django_db


def test_request_page_queries_do_not_grow_with_its_actions_and_notes(client, mission, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from territoires.ingenierie.models import Action, Commentaire, Note

    sollicitation = SollicitationFactory(
        organisation=commune["organisation"], statut="en_cours", referent=mission["conseiller"]
    )

    def add(n):
        for i in range(n):
            action = Action.objects.create(sollicitation=sollicitation, titre=f"Action {i}")
            Commentaire.objects.create(action=action, texte="Vu", auteur=commune["maire"])
            Note.objects.create(sollicitation=sollicitation, texte="Note", publique=bool(i % 2))

    def count(user):
        login(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(sollicitation.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    count(mission["conseiller"])  # warm-up: the content-type cache fills once per process
    small = (count(mission["conseiller"]), count(commune["maire"]))
    add(27)
    assert (count(mission["conseiller"]), count(commune["maire"])) == small
