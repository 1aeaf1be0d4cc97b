"""The module's admin pages open (the act templates are never linked by URL)."""

import pytest
from django.core.files.base import ContentFile

from territoires.aides.models import ModeleActe
from tests.comptes.factories import UserFactory, login

pytestmark = pytest.mark.django_db


def test_admin_pages_of_the_module(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    login(client, user)
    modele = ModeleActe(type="convention")
    modele.fichier.save("c.docx", ContentFile(b"x"))
    r = client.get(f"/admin/aides/modeleacte/{modele.pk}/change/")
    assert r.status_code == 200
    r = client.get("/admin/aides/dossier/")
    assert r.status_code == 200


def test_a_scheme_declares_its_pieces_in_the_admin(client):
    from territoires.aides import configuration
    from tests.aides.factories import world

    w = world()
    configuration.pieces_declarer(w.dispositifs)
    login(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/aides/dispositif/{w.ddr.pk}/change/").content.decode()
    assert "Délibération du conseil municipal" in page
