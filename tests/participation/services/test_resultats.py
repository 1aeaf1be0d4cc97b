"""Results computed as the counting methods do."""

import pytest

from territoires.participation import depouillement
from territoires.participation.services.resultats import resultat_compute
from territoires.participation.services.vote import vote_cast

pytestmark = pytest.mark.django_db


def test_resultat_calcule_comme_les_regles(scrutin):
    c, env, p = scrutin
    bulletins = [[0, 1], [0], [2, 3], [1], [0, 3]]
    for i, b in enumerate(bulletins):
        vote_cast(
            campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: [p[k].pk for k in b]}
        )
    for methode in depouillement.METHODES:
        r = resultat_compute(enveloppe=env, methode=methode)
        attendu = depouillement.calculer(
            methode,
            {q.code: q.cout for q in p},
            [[p[k].code for k in b] for b in bulletins],
            env.budget,
        )
        assert [
            next(q.code for q in p if q.pk == pk) for pk in r.selectionnes
        ] == attendu.selectionnes
        assert r.bulletins == 5 and len(r.tours) >= 1
