"""The ballot box published after the close."""

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.vote import vote_cast

pytestmark = pytest.mark.django_db


def test_urne_publiee_apres_la_cloture(client, scrutin):
    import time_machine

    from territoires.participation import pabulib

    c, env, p = scrutin
    for i in range(4):
        vote_cast(
            campagne=c,
            empreinte=f"u{i}",
            canal="en_ligne",
            choix={env.pk: [p[i].pk, p[0].pk][: 1 + i % 2]},
        )
    url = reverse("participation:urne_export", args=[c.slug, env.pk])
    assert client.get(url).status_code == 404
    with time_machine.travel(c.vote_fin + timezone.timedelta(days=1)):
        resultats_compute(campagne=c)
        lignes = b"".join(client.get(url).streaming_content).decode("utf-8-sig").splitlines()
        assert lignes[0] == "bulletin;jour;projets" and len(lignes) == 5
        texte = client.get(url, {"format": "pabulib"}).content.decode()
        assert len(pabulib.lire_texte(texte).votes) == 4
        assert (
            "Télécharger l'urne"
            in client.get(reverse("participation:resultats", args=[c.slug])).content.decode()
        )
