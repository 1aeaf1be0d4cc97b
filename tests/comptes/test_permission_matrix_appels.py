"""The calls' own cases of the permission matrix (same world): the jury and the service of a
call see its filed candidatures, nobody else does; a candidate organisation sees its own."""

import pytest
from django.urls import reverse

from territoires.appels.models import Appel, Candidature
from territoires.comptes.models import User
from tests.appels.factories import matrix_objects as appels_objects

from .factories import login
from .test_permission_matrix import world  # noqa: F401 (the matrix's fixture)


@pytest.mark.parametrize(
    "email",
    ["conseiller@territoires.test", "instructeur@territoires.test", "maire@territoires.test"],
)
def test_a_foreign_call_s_candidature_is_404_to_who_is_not_its_jury(client, world, email):  # noqa: F811
    objets = appels_objects(world)
    login(client, User.objects.get(email=email))
    candidature = reverse("appels:candidature", args=[objets["candidature_id"]])
    assert client.get(candidature).status_code == 404
    assert client.get(reverse("appels:classement", args=[objets["appel_id"]])).status_code == 404
    assert client.post(reverse("appels:noter", args=[objets["candidature_id"]])).status_code == 404


def test_the_jury_member_designated_on_the_call_reads_and_scores(client, world):  # noqa: F811
    objets = appels_objects(world)
    conseiller = User.objects.get(email="conseiller@territoires.test")
    Appel.objects.get(pk=objets["appel_id"]).jury.add(conseiller)
    login(client, conseiller)
    assert (
        client.get(reverse("appels:candidature", args=[objets["candidature_id"]])).status_code
        == 200
    )
    assert client.get(reverse("appels:classement", args=[objets["appel_id"]])).status_code == 200
    # Scoring is the jury's; deciding is the service's.
    assert client.post(reverse("appels:noter", args=[objets["candidature_id"]])).status_code == 200
    assert (
        client.post(reverse("appels:decider", args=[objets["candidature_id"]])).status_code == 404
    )


def test_the_candidate_reads_its_candidature_but_never_scores(client, world):  # noqa: F811
    objets = appels_objects(world)
    candidature = Candidature.objects.get(pk=objets["candidature_id"])
    membre = candidature.organisation.membres.first().user
    login(client, membre)
    assert client.get(candidature.get_absolute_url()).status_code == 200
    assert client.post(reverse("appels:noter", args=[candidature.pk])).status_code == 404
    assert client.get(reverse("appels:classement", args=[objets["appel_id"]])).status_code == 404
