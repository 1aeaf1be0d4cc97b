"""F2D: an EPCI's operation is filed, programmed and granted against its contract's envelope;
going past it needs a logged override; the dashboard shows what each contract consumed."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from territoires.aides import selectors, services
from territoires.aides.configuration import contrats_f2d
from territoires.comptes.models import Role
from territoires.core.models import Evenement
from tests.comptes.factories import MembreFactory, UserFactory, login, valid_siret

from .factories import D, plan, world

pytestmark = pytest.mark.django_db


def test_operation_counted_against_its_contract_envelope(client):
    w = world()
    f2d = w.dispositifs["f2d"]
    contrat = contrats_f2d(f2d=f2d, epcis=[w.epci], rng=random.Random(1))[1]
    assert (contrat.annee_debut, contrat.annee_fin) == (2021, 2027)
    contrat.enveloppe = D("30000")
    contrat.save()
    operation = contrat.operations.first()
    agent = MembreFactory(role=Role.AGENT, organisation=w.epci, user=UserFactory()).user
    dossier = services.dossier_create(
        organisation=w.epci,
        dispositif=f2d,
        actor=agent,
        data={
            "intitule": operation.intitule,
            "cout_ht": D("100000"),
            "montant_demande": D("40000"),
            "siret_beneficiaire": valid_siret(w.epci.siren),
            "operation": operation,
        },
        financements=plan(autofinancement="30000", region="30000"),
    )
    services.dossier_submit(dossier=dossier, actor=agent, date=datetime.date(2026, 1, 10))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    # Operations are placed in a session at the proposal; the rule's one is suggested.
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    session = f2d.sessions.get(nom="Commission permanente F2D 2026")
    assert f'<option value="{session.pk}" selected>' in page
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=None, montant=D("40000"), session=session
    )
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    with pytest.raises(ValidationError, match="dépasserait l'enveloppe du Contrat 2021-2027"):
        services.dossier_program(dossier=dossier, actor=w.instructeur)
    services.dossier_program(
        dossier=dossier, actor=w.instructeur, depassement="Avenant au contrat en cours"
    )
    dossier.refresh_from_db()
    assert dossier.statut == "programme"
    assert Evenement.objects.filter(
        object_id=str(dossier.pk), motif__contains="Avenant au contrat en cours"
    ).exists()
    services.session_vote(
        session=dossier.session,
        actor=w.chef,
        numero="CP-F2D-2026",
        date=dossier.session.date_commission,
        decisions={dossier.pk: "attribuer"},
    )
    ligne = next(r for r in selectors.contrats_situation() if r["contrat"] == contrat)
    assert ligne["attribue"] == D("40000")
    assert ligne["reste"] == D("-10000")
