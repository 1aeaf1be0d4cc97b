"""Online vote, paper ballots, youth voting codes."""

import re

import pytest
from django.urls import reverse

from territoires.participation.models import Bulletin
from tests.comptes.factories import login, member
from tests.referentiel.factories import CommuneFactory

from ..factories import enveloppe, projet, voter_en_ligne

pytestmark = pytest.mark.django_db


def test_vote_en_ligne_puis_papier_refuse(client, scrutin):
    c, env, p = scrutin
    CommuneFactory(code="32013", nom="Auch")
    donnees = {
        "nom": "Martin",
        "prenom": "Zoé",
        "naissance": "02/03/1990",
        "commune": "32013",
    }
    reponse = voter_en_ligne(client, c, {f"env_{env.pk}": [p[0].pk]}, **donnees)
    assert "A voté" in reponse.content.decode()
    agent = login(client, member("instructeur"))
    donnees["nom"] = "MARTIN"
    donnees[f"env_{env.pk}"] = [p[0].pk]
    reponse = client.post(reverse("participation:vote_papier", args=[c.slug]), donnees)
    assert "déjà voté" in reponse.content.decode()
    assert Bulletin.objects.count() == 1 and agent


def test_vote_jeunes_par_code(client, scrutin):
    c, env, p = scrutin
    jeunes = enveloppe(c, nom="Jeunes", type="jeunes", age_max_vote=25)
    pj = projet(jeunes, "J1", 10)
    agent = login(client, member("instructeur"))
    page = client.post(reverse("participation:codes", args=[c.slug]), {"nombre": 2, "jeunes": "on"})
    codes = re.findall(r"<code>([A-Z0-9-]+)</code>", page.content.decode())
    assert len(codes) == 2 and agent
    client.logout()
    # Un code jeunes n'ouvre que l'enveloppe jeunes : l'autre n'est pas proposée.
    client.post(reverse("participation:voter", args=[c.slug]), {"code": codes[0]})
    page = client.get(reverse("participation:bulletin", args=[c.slug])).content.decode()
    assert f'name="env_{jeunes.pk}"' in page and f'name="env_{env.pk}"' not in page
    reponse = voter_en_ligne(client, c, {f"env_{jeunes.pk}": [pj.pk]}, code=codes[0])
    assert "A voté" in reponse.content.decode()
    assert list(Bulletin.objects.values_list("enveloppe_id", flat=True)) == [jeunes.pk]
    reponse = voter_en_ligne(client, c, {f"env_{jeunes.pk}": [pj.pk]}, code=codes[0])
    assert "déjà utilisé" in reponse.content.decode()
    assert Bulletin.objects.count() == 1
