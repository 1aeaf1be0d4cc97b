import factory

from territoires.comptes.models import Role
from territoires.ingenierie.models import (
    ConfigurationIngenierie,
    Domaine,
    Nature,
    Ressource,
    Sollicitation,
)
from tests.comptes.factories import MembreFactory, OrganisationFactory, ServiceFactory, UserFactory
from tests.referentiel.factories import CommuneFactory, EpciFactory


def mission_setup():
    """The mission service, configured, with a chief and two advisors."""
    mission = ServiceFactory(nom="Mission Ingénierie des Territoires")
    config = ConfigurationIngenierie.courante()
    config.mission = mission
    config.save()
    chef = MembreFactory(organisation=mission, role=Role.CHEF_SERVICE).user
    conseiller = MembreFactory(organisation=mission, role=Role.CONSEILLER).user
    conseiller2 = MembreFactory(organisation=mission, role=Role.CONSEILLER).user
    return {"mission": mission, "chef": chef, "conseiller": conseiller, "conseiller2": conseiller2}


def collectivite(**commune_kwargs):
    """A commune organisation in an EPCI, with its mayor."""
    epci = EpciFactory()
    commune = CommuneFactory(epci=epci, **commune_kwargs)
    organisation = OrganisationFactory(commune=commune)
    maire = MembreFactory(organisation=organisation, role=Role.GESTIONNAIRE).user
    return {"organisation": organisation, "commune": commune, "epci": epci, "maire": maire}


class SollicitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sollicitation

    organisation = factory.SubFactory(OrganisationFactory)
    epci = factory.LazyAttribute(
        lambda o: (
            o.organisation.epci
            or (o.organisation.commune.epci if o.organisation.commune_id else None)
        )
    )
    numero = factory.Sequence(lambda n: f"ING-2024-T{n:04d}")
    sujet = factory.Sequence(lambda n: f"Sujet {n}")
    description = "Description de la demande."
    domaine = factory.LazyFunction(lambda: Domaine.objects.order_by("ordre").first())
    nature = factory.LazyFunction(lambda: Nature.objects.order_by("ordre").first())


class RessourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ressource

    titre = factory.Sequence(lambda n: f"Guide {n}")
    url = "https://exemple.test/guide"
    description = "Un guide utile."


__all__ = [
    "SollicitationFactory",
    "RessourceFactory",
    "UserFactory",
    "mission_setup",
    "collectivite",
]


def matrix_objects(world: dict) -> dict:
    """Objects of the permission matrix: a request of the world's foreign commune and one
    action on it (created once per world)."""
    if "ingenierie" not in world:
        from territoires.comptes.models import Organisation
        from territoires.ingenierie.models import Action, Atelier

        organisation = Organisation.objects.get(pk=world["organisation_id"])
        sollicitation = SollicitationFactory(organisation=organisation)
        action = Action.objects.create(sollicitation=sollicitation, titre="Action de la matrice")
        atelier = Atelier.objects.create(titre="Atelier", theme="Achats", date="2025-01-01")
        atelier.organisations.add(organisation)
        from territoires.comptes.models import Membre
        from territoires.ingenierie.services.relances import preferences_token

        agent = Membre.objects.get(pk=world["membre_id"]).user
        world["ingenierie"] = {
            "jeton_relances": preferences_token(agent),
            "sollicitation_id": sollicitation.pk,
            "action_id": action.pk,
            "atelier_id": atelier.pk,
        }
    return world["ingenierie"]


def matrix_agence(world: dict) -> dict:
    """Agency objects for the permission matrix (the instance keeps the feature off)."""
    if "ingenierie_agence" not in world:
        from territoires.comptes.models import Organisation
        from territoires.ingenierie.models import Adhesion, Devis, Facture, LigneDevis, Prestation

        ids = matrix_objects(world)
        organisation = Organisation.objects.get(pk=world["organisation_id"])
        prestation = Prestation.objects.create(libelle="AMO de la matrice", phase="pre", prix_ht=1)
        devis = Devis.objects.create(sollicitation_id=ids["sollicitation_id"], numero="DEV-M")
        ligne = LigneDevis.objects.create(devis=devis, prestation=prestation, prix_unitaire_ht=1)
        adhesion = Adhesion.objects.create(organisation=organisation, annee=2025, montant=1)
        facture = Facture.objects.create(
            numero="FAC-M", organisation=organisation, periode_fin="2025-01-01", montant_ht=1
        )
        from territoires.ingenierie.models import PrestationRealisee

        realisee = PrestationRealisee.objects.create(
            ligne=ligne, date="2025-01-01", quantite=1, montant_ht=1
        )
        world["ingenierie_agence"] = {
            "prestation_realisee_id": realisee.pk,
            "adhesion_id": adhesion.pk,
            "devis_id": devis.pk,
            "ligne_id": ligne.pk,
            "facture_id": facture.pk,
        }
    return world["ingenierie_agence"]
