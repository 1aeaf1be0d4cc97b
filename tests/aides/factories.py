"""A small Gers world for the aides tests: the Département, its aid service, the DDR and the
sectoral schemes configured as the demo does, a commune and its agent, an instructor, a head
of service and a finance agent."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from territoires.aides import configuration, services
from territoires.aides.models import ConfigurationAides, Dispositif, Dossier
from territoires.comptes.models import Organisation, Role
from tests.comptes.factories import (
    DepartementOrganisationFactory,
    EpciOrganisationFactory,
    MembreFactory,
    OrganisationFactory,
    ServiceFactory,
    UserFactory,
    valid_siret,
)

D = Decimal


@dataclass
class World:
    departement: Organisation
    service: Organisation
    finances_service: Organisation
    commune: Organisation
    commune_b: Organisation
    epci: Organisation
    agent: object
    agent_b: object
    instructeur: object
    instructeur2: object
    chef: object
    finances: object
    dispositifs: dict[str, Dispositif]

    @property
    def ddr(self) -> Dispositif:
        return self.dispositifs["ddr"]


def world() -> World:
    departement = DepartementOrganisationFactory()
    service = ServiceFactory(
        parent=departement, departement=departement.departement, nom="Service des aides"
    )
    finances_service = ServiceFactory(
        parent=departement, departement=departement.departement, nom="Direction des finances"
    )
    commune = OrganisationFactory()
    commune.siret = valid_siret(commune.siren)
    commune.save()
    commune_b = OrganisationFactory()
    epci = EpciOrganisationFactory()
    ConfigurationAides.objects.create(
        nom_attribuant="Département du Gers", siret_attribuant=valid_siret(departement.siren)
    )
    dispositifs = configuration.configuration_gers(
        departement=departement, service_aides=service, annees=range(2024, 2028)
    )

    def m(role, org):
        return MembreFactory(role=role, organisation=org, user=UserFactory()).user

    return World(
        departement=departement,
        service=service,
        finances_service=finances_service,
        commune=commune,
        commune_b=commune_b,
        epci=epci,
        agent=m(Role.AGENT, commune),
        agent_b=m(Role.AGENT, commune_b),
        instructeur=m(Role.INSTRUCTEUR, service),
        instructeur2=m(Role.INSTRUCTEUR, service),
        chef=m(Role.CHEF_SERVICE, service),
        finances=m(Role.FINANCES, finances_service),
        dispositifs=dispositifs,
    )


def plan(autofinancement="6000", **autres):
    lignes = [{"financeur": "autofinancement", "montant": D(autofinancement)}]
    lignes += [{"financeur": k, "montant": D(v)} for k, v in autres.items()]
    return lignes


def dossier_ddr(w: World, *, organisation=None, actor=None, cout="20000", demande="8000",
                financements=None, **data) -> Dossier:  # fmt: skip
    organisation = organisation or w.commune
    actor = actor or (w.agent if organisation == w.commune else w.agent_b)
    return services.dossier_create(
        organisation=organisation,
        dispositif=w.ddr,
        actor=actor,
        data={
            "intitule": data.pop("intitule", "Réfection du lavoir communal"),
            "description": "Restauration de la toiture et des abords.",
            "cout_ht": D(cout),
            "montant_demande": D(demande),
            "siret_beneficiaire": organisation.siret or valid_siret(organisation.siren),
            "date_debut_travaux": datetime.date(2026, 9, 1),
            "date_fin_travaux": datetime.date(2027, 3, 1),
            **data,
        },
        depenses=[{"libelle": "Travaux", "montant_ht": D(cout)}],
        financements=financements
        if financements is not None
        else plan(autofinancement=str(D(cout) - D(demande) - D("6000")), etat_detr="6000"),
    )


def matrix_objects(world: dict) -> dict:
    """Objects of the permission matrix: a DDR dossier of the world's foreign commune, in
    instruction, with an opinion asked to the finance department and a payment request
    (created once per world, on the demo organisations)."""
    if "aides" not in world:
        from territoires.aides.models import DemandeAvis, Versement

        foreign = Organisation.objects.get(pk=world["organisation_id"])
        departement = Organisation.objects.get(type=Organisation.Type.DEPARTEMENT)
        service = Organisation.objects.get(nom="Service des aides aux collectivités")
        finances = Organisation.objects.get(nom="Direction des finances")
        dispositifs = configuration.configuration_gers(
            departement=departement, service_aides=service, annees=range(2026, 2028)
        )
        session = dispositifs["ddr"].sessions.order_by("date_commission").first()
        dossier = Dossier.objects.create(
            numero="AID-2026-99999",
            dispositif=dispositifs["ddr"],
            organisation=foreign,
            session=session,
            intitule="Dossier de la matrice",
            cout_ht=D("20000"),
            montant_demande=D("8000"),
            montant_attribue=D("8000"),
            siret_beneficiaire=valid_siret(foreign.siren),
            statut="attribue",
            depose_le=datetime.datetime(2026, 1, 15, 9, tzinfo=datetime.UTC),
        )
        avis = DemandeAvis.objects.create(dossier=dossier, service=finances, question="Avis ?")
        versement = Versement.objects.create(
            dossier=dossier, type="avance", montant_demande=D("1000")
        )
        piece = _matrix_piece(dossier, dispositifs)
        world["aides"] = {
            "dossier_id": dossier.pk,
            "piece_id": piece.pk,
            "type_code": piece.type.code,
            "session_id": session.pk,
            "avis_id": avis.pk,
            "versement_id": versement.pk,
            "dispositif_code": "ddr",
            "acte_type": "arrete",
            "acte_format": "pdf",
            "export_format": "csv",
        }
    return world["aides"]


def _matrix_piece(dossier, dispositifs):
    """A piece « à vérifier » of the matrix's dossier (issue 14: pieces by type)."""
    from territoires.aides.models import PieceDossier
    from territoires.core.documents import document_upload
    from tests.core.samples import PDF, upload

    configuration.pieces_declarer(dispositifs)
    type_piece = dispositifs["ddr"].types_pieces.get(code="devis")
    document = document_upload(
        file=upload("devis.pdf", PDF),
        owner_organisation=dossier.organisation,
        uploaded_by=None,
        attached_to=dossier,
    )
    return PieceDossier.objects.create(dossier=dossier, type=type_piece, document=document)
