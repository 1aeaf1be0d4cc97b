"""The F2D contracts of a territory (pilotage's territory page): the contracts of the EPCI the
communes belong to, their operations with what was engaged and paid, read for the allowed
organisations only, in a fixed number of queries."""

import datetime
import random

import pytest

from territoires.aides.configuration import contrats_f2d
from territoires.aides.models import Dossier, Versement
from territoires.aides.selectors.territoires import contrats_f2d_pour_communes
from tests.comptes.factories import EpciOrganisationFactory

from .factories import D, world

pytestmark = pytest.mark.django_db


def _territoire():
    w = world()
    commune = w.commune.commune
    commune.epci = w.epci.epci
    commune.save()
    contrats = contrats_f2d(f2d=w.dispositifs["f2d"], epcis=[w.epci], rng=random.Random(1))
    operation = contrats[1].operations.order_by("intitule").first()
    dossier = Dossier.objects.create(
        dispositif=w.dispositifs["f2d"], organisation=w.epci, operation=operation,
        intitule=operation.intitule, cout_ht=D("100000"), montant_demande=D("40000"),
    )  # fmt: skip
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue", montant_attribue=D("40000"))
    versement = Versement.objects.create(dossier=dossier, type="avance", montant_demande=D("12000"))
    Versement.objects.filter(pk=versement.pk).update(
        statut="paye", montant_verse=D("12000"), paye_le=datetime.date(2025, 3, 1)
    )
    # Another EPCI's contract never shows on this territory.
    autre = EpciOrganisationFactory()
    contrats_f2d(f2d=w.dispositifs["f2d"], epcis=[autre], rng=random.Random(2))
    return w, contrats, operation


def test_contracts_of_the_communes_epci_with_engaged_and_paid(django_assert_max_num_queries):
    w, contrats, operation = _territoire()
    with django_assert_max_num_queries(4):
        rows = contrats_f2d_pour_communes([w.commune.commune.code])
    assert [r["contrat"].pk for r in rows] == [contrats[1].pk, contrats[0].pk]  # newest first
    assert rows[0]["contrat"].enveloppe == contrats[1].enveloppe
    operations = {o["intitule"]: o for o in rows[0]["operations"]}
    assert len(operations) == 3
    assert operations[operation.intitule]["montant_prevu"] == operation.montant_prevu
    assert operations[operation.intitule]["engage"] == D("40000")
    assert operations[operation.intitule]["verse"] == D("12000")
    autres = [o for o in rows[0]["operations"] if o["intitule"] != operation.intitule]
    assert all(o["engage"] == 0 and o["verse"] == 0 for o in autres)


def test_operations_read_only_for_the_allowed_organisations():
    w, contrats, _ = _territoire()
    code = w.commune.commune.code
    publics = contrats_f2d_pour_communes([code], organisation_ids=set())
    assert len(publics) == 2 and all(r["operations"] is None for r in publics)
    siens = contrats_f2d_pour_communes([code], organisation_ids={w.epci.pk})
    assert all(len(r["operations"]) == 3 for r in siens)
    assert contrats_f2d_pour_communes([w.commune_b.commune.code]) == []
