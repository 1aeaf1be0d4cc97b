"""Elected officials for the pilotage tests: a Gers canton of three communes, an official who
follows it, and an aid session with a dossier of one of its communes and one from elsewhere."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from territoires.aides import configuration
from territoires.aides.models import Dossier
from territoires.comptes.models import Organisation, Role
from territoires.pilotage.models import SuiviElu
from territoires.referentiel.models import Canton
from tests.comptes.factories import (
    DepartementOrganisationFactory,
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    valid_siret,
)
from tests.referentiel.factories import CommuneFactory


@dataclass
class MondeElus:
    departement: Organisation
    canton: Canton
    commune: Organisation
    ailleurs: Organisation
    elu: object
    suivi: SuiviElu
    session: object
    dossier: Dossier
    dossier_ailleurs: Dossier


def elu(departement: Organisation, **user_kwargs):
    return MembreFactory(
        role=Role.ELU, organisation=departement, user=UserFactory(**user_kwargs)
    ).user


def _dossier(dispositif, organisation, session, intitule) -> Dossier:
    dossier = Dossier.objects.create(
        dispositif=dispositif,
        organisation=organisation,
        session=session,
        intitule=intitule,
        cout_ht=Decimal("20000"),
        montant_demande=Decimal("8000"),
        montant_propose=Decimal("7000"),
        siret_beneficiaire=valid_siret(organisation.siren),
    )
    # The status is protected (transitions only): put it on the agenda as instruction would.
    Dossier.objects.filter(pk=dossier.pk).update(statut=Dossier.Statut.PROGRAMME)
    return Dossier.objects.get(pk=dossier.pk)


def monde(today: datetime.date) -> MondeElus:
    departement = DepartementOrganisationFactory()
    dept = departement.departement
    service = ServiceFactory(parent=departement, departement=dept, nom="Service des aides")
    communes = [CommuneFactory(departement=dept) for _ in range(3)]
    canton = Canton.objects.create(code="3210", nom="Lectoure-Lomagne", departement=dept)
    canton.communes.set(communes)
    commune = OrganisationFactory(commune=communes[0])
    ailleurs = OrganisationFactory(commune=CommuneFactory(departement=dept))
    official = elu(departement)
    suivi = SuiviElu.objects.create(user=official, canton=canton)
    dispositifs = configuration.configuration_gers(
        departement=departement, service_aides=service, annees=range(today.year, today.year + 2)
    )
    ddr = dispositifs["ddr"]
    session = ddr.sessions.filter(date_commission__gte=today).order_by("date_commission").first()
    return MondeElus(
        departement=departement,
        canton=canton,
        commune=commune,
        ailleurs=ailleurs,
        elu=official,
        suivi=suivi,
        session=session,
        dossier=_dossier(ddr, commune, session, "Réfection du lavoir de notre canton"),
        dossier_ailleurs=_dossier(ddr, ailleurs, session, "Salle des fêtes d'ailleurs"),
    )
