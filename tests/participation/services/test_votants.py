"""Identity of the voters: single-use codes, identity path of a ballot."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from territoires.participation.models import CodeVote, age_le
from territoires.participation.services.votants import (
    code_find,
    codes_generate,
    empreinte_code,
    votant_identify,
)
from territoires.participation.services.vote import DejaVote, vote_cast
from tests.referentiel.factories import CommuneFactory

from ..factories import identite

pytestmark = pytest.mark.django_db


def test_codes_de_vote_a_usage_unique(scrutin):
    c, env, p = scrutin
    clairs = codes_generate(campagne=c, nombre=20)
    assert len(set(clairs)) == 20
    stocke = " ".join(str(v) for row in CodeVote.objects.values_list() for v in row)
    assert not any(code.replace("-", "")[4:] in stocke for code in clairs)
    code = code_find(campagne=c, code=clairs[3].lower())
    assert code is not None
    empreinte = empreinte_code(campagne=c, code=code)
    vote_cast(campagne=c, empreinte=empreinte, canal="papier", choix={env.pk: [p[0].pk]}, code=code)
    code.refresh_from_db()
    assert code.utilise
    with pytest.raises(DejaVote):
        vote_cast(
            campagne=c, empreinte="autre", canal="papier", choix={env.pk: [p[0].pk]}, code=code
        )
    assert code_find(campagne=c, code="AAAA-BBBB-CCCC") is None


def test_parcours_d_identite_du_votant(scrutin):
    c, _, _ = scrutin
    auch = CommuneFactory(code="32013")
    naissance = datetime.date(1980, 5, 1)
    # Declared identity: the same fingerprint as `empreinte_identite`, and the age.
    declaree = votant_identify(
        campagne=c, nom="Dupont", prenom="Jeanne", naissance=naissance, commune=auch
    )
    assert declaree.empreinte == identite(c) and declaree.code is None
    assert declaree.age == age_le(naissance, timezone.localdate())
    # FranceConnect first: what the session keeps is used as is, a typed code is ignored.
    certifiee = votant_identify(
        campagne=c,
        franceconnect={"empreinte": "fc", "age": 30, "commune": "32013"},
        code="AAAA-BBBB-CCCC",
    )
    assert (certifiee.empreinte, certifiee.age, certifiee.commune) == ("fc", 30, auch)
    # Then a voting code: its own fingerprint, no age; unknown or used codes are refused.
    clair = codes_generate(campagne=c, nombre=1)[0]
    par_code = votant_identify(campagne=c, code=clair, commune=auch)
    assert par_code.empreinte == empreinte_code(campagne=c, code=par_code.code)
    assert par_code.age is None and par_code.commune == auch
    with pytest.raises(ValidationError, match="inconnu"):
        votant_identify(campagne=c, code="AAAA-BBBB-CCCC")
    CodeVote.objects.filter(pk=par_code.code.pk).update(utilise=True)
    with pytest.raises(ValidationError, match="déjà utilisé"):
        votant_identify(campagne=c, code=clair)
