"""Sectoral aids (seed 000) are routed to their own service: heritage, water, roads,
libraries. Their instructors see and instruct them; the aid service's instructors do not."""

import datetime

import pytest
from django.urls import reverse

from territoires.aides import services
from territoires.aides.configuration import SERVICES_SECTORIELS
from territoires.comptes.models import Organisation, Role
from territoires.core.models import Notification
from tests.comptes.factories import MembreFactory, UserFactory, login

from .factories import D, plan, world

pytestmark = pytest.mark.django_db


def test_each_sectoral_scheme_is_owned_by_its_service():
    w = world()
    owners = {code: w.dispositifs[code].service.nom for code in w.dispositifs}
    assert owners["patrimoine-protege"] == SERVICES_SECTORIELS["patrimoine"]
    assert owners["eau-assainissement"] == SERVICES_SECTORIELS["eau"]
    assert owners["routes-agglomeration"] == SERVICES_SECTORIELS["routes"]
    assert owners["mobilier-bibliotheques"] == SERVICES_SECTORIELS["bibliotheques"]
    assert owners["ddr"] == w.service.nom


def test_heritage_dossier_goes_to_the_heritage_service(client):
    w = world()
    patrimoine = Organisation.objects.get(nom=SERVICES_SECTORIELS["patrimoine"])
    conservateur = MembreFactory(
        role=Role.INSTRUCTEUR, organisation=patrimoine, user=UserFactory()
    ).user
    dossier = services.dossier_create(
        organisation=w.commune,
        dispositif=w.dispositifs["patrimoine-protege"],
        actor=w.agent,
        data={
            "intitule": "Restauration du clocher inscrit",
            "cout_ht": D("50000"),
            "montant_demande": D("15000"),
            "siret_beneficiaire": w.commune.siret,
        },
        financements=plan(autofinancement="15000", etat_detr="20000"),
    )
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 5, 4))
    dossier.refresh_from_db()
    assert "décembre 2026" in dossier.session.nom
    assert Notification.objects.filter(destinataire=conservateur, titre__contains="déposé").exists()
    assert not Notification.objects.filter(destinataire=w.instructeur).exists()

    login(client, conservateur)
    assert (
        "Restauration du clocher inscrit"
        in client.get(reverse("aides:instruction")).content.decode()
    )
    client.post(reverse("aides:dossier_instruire", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.statut == "en_instruction"

    login(client, w.instructeur)  # the DDR service
    assert (
        "Restauration du clocher" not in client.get(reverse("aides:instruction")).content.decode()
    )
    assert client.get(dossier.get_absolute_url()).status_code == 404
