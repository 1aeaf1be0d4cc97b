"""No export of the clauses module carries a live spreadsheet formula: OWASP payloads in the
names of buyers, contracts, companies and criteria come out of the yearly report (view and
command) inert and readable, hours stay numbers; the import template is inert too."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from territoires.clauses.models import Critere
from territoires.comptes.models import Role
from tests.comptes.factories import ServiceFactory, login, member
from tests.core.formules import MILIEU, charge, verifier_xlsx

from .factories import (
    ContratFactory,
    DonneurOrdreFactory,
    EntrepriseFactory,
    LotFactory,
    MarcheFactory,
    heures,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def piege():
    critere = Critere.objects.order_by("ordre").first()
    critere.libelle = charge(3)
    critere.save()
    for i, nom in enumerate([charge(0), MILIEU]):
        marche = MarcheFactory(
            donneur_ordre=DonneurOrdreFactory(nom=nom),
            objet=charge(1, f" {i}"),
            date_notification=datetime.date(2022, 3, 1),
        )
        contrat = ContratFactory(entreprise=EntrepriseFactory(nom=charge(2, f" {i}")))
        contrat.participant.criteres.add(critere)
        heures(lot=LotFactory(marche=marche), contrat=contrat, nombre=35)


def _verifier(contenu: bytes):
    classeur = verifier_xlsx(contenu, attendus=[charge(0), charge(3), MILIEU])
    lignes = list(classeur["Par donneur d'ordre"].values)
    entetes = lignes[0]
    piegee = next(r for r in lignes[1:] if r[entetes.index("nom")] == charge(0))
    assert piegee[entetes.index("heures_realisees")] == 35  # a number
    return classeur


def test_yearly_report_from_the_page_and_the_command(client, piege, tmp_path):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    response = client.get(reverse("clauses:bilan_export") + "?annee=2022&format=xlsx")
    _verifier(response.content)
    sortie = tmp_path / "bilan.xlsx"
    call_command("clauses_bilan", annee=2022, format="xlsx", sortie=str(sortie))
    _verifier(sortie.read_bytes())


def test_import_template(client):
    login(client, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    classeur = verifier_xlsx(client.get(reverse("clauses:import_modele")).content, attendus=[])
    assert classeur.sheetnames == ["marches", "heures", "explications"]
    assert classeur["explications"].column_dimensions["C"].width == 100
