"""Results explained in a sentence, amounts written the French way."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from territoires.participation.models import Campagne
from territoires.participation.services.resultats import resultats_compute
from territoires.participation.services.vote import vote_cast

pytestmark = pytest.mark.django_db


def test_resultats_expliques_en_une_phrase(client, scrutin):
    c, env, p = scrutin
    Campagne.objects.filter(pk=c.pk).update(methode="greedy")  # the rules are frozen
    c.refresh_from_db()
    for i in range(3):
        vote_cast(campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: [p[0].pk]})
    vote_cast(campagne=c, empreinte="w", canal="en_ligne", choix={env.pk: [p[1].pk]})
    with time_machine.travel(c.vote_fin + timezone.timedelta(days=1)):
        resultats_compute(campagne=c)
        page = client.get(reverse("participation:resultats", args=[c.slug])).content.decode()
    # Two projets of 40 € fit in the 100 € enveloppe; 20 € are left, too little for a third.
    assert "80\u00a0€ des 100\u00a0€ de l'enveloppe sont attribués à 2 projet(s)" in page
    assert "aucun des projets restants ne tient dans les 20\u00a0€ qui restent" in page
