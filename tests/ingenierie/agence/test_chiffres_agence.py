"""The agency's figures over a period: requests taken on, distinct paying members."""

import datetime
import json

import pytest
from django.core.management import call_command

from territoires.ingenierie.agence.selectors import chiffres_agence
from territoires.ingenierie.models import Adhesion, Sollicitation
from tests.ingenierie.factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


def _le(annee):
    return datetime.datetime(annee, 5, 1, tzinfo=datetime.UTC)


def test_a_member_of_two_years_counts_once(agence):
    deux_ans, appelee, avant = collectivite(), collectivite(), collectivite()
    for annee in (2023, 2024):
        Adhesion.objects.create(
            organisation=deux_ans["organisation"], annee=annee, montant=1, statut="payee"
        )
    Adhesion.objects.create(
        organisation=appelee["organisation"], annee=2024, montant=1, statut="appelee"
    )
    Adhesion.objects.create(
        organisation=avant["organisation"], annee=2021, montant=1, statut="payee"
    )
    assert chiffres_agence(depuis=2022, jusqu_a=2024)["adherents"] == 1
    assert chiffres_agence(depuis=2021, jusqu_a=2024)["adherents"] == 2
    assert chiffres_agence(depuis=2025, jusqu_a=2025)["adherents"] == 0


def test_no_members_without_the_agency_model(mission):
    assert chiffres_agence(depuis=2022, jusqu_a=2024)["adherents"] is None


def test_followed_projects_are_the_accepted_requests_of_ingenierie_stats(mission, capsys):
    org = collectivite()["organisation"]
    statuts = ["nouvelle", "en_cours", "en_attente", "terminee", "abandonnee", "redirigee",
               "declinee", "fusionnee"]  # fmt: skip
    for statut in statuts:
        SollicitationFactory(organisation=org, statut=statut, deposee_le=_le(2023))
    SollicitationFactory(organisation=org, statut="terminee", deposee_le=_le(2020))
    assert chiffres_agence(depuis=2022, jusqu_a=2024)["projets_suivis"] == 4
    call_command("ingenierie_stats", depuis=2022, jusqu_a=2024, fmt="json")
    stats = json.loads(capsys.readouterr().out)
    suivis = {str(Sollicitation.Statut(s).label) for s in ("en_cours", "en_attente", "terminee",
                                                            "abandonnee")}  # fmt: skip
    assert sum(r["sollicitations"] for r in stats["par_statut"] if r["libelle"] in suivis) == 4
