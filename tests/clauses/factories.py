import datetime

import factory

from territoires.clauses.models import (
    Attribution,
    Contrat,
    DonneurOrdre,
    Entreprise,
    HeuresMensuelles,
    Lot,
    Marche,
    Participant,
)
from tests.comptes.factories import valid_siren, valid_siret


class DonneurOrdreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonneurOrdre

    siret = factory.Sequence(lambda n: valid_siret(valid_siren(n, "2")))
    nom = factory.Sequence(lambda n: f"Acheteur {n}")
    categorie = DonneurOrdre.Categorie.COMMUNE


class MarcheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Marche

    donneur_ordre = factory.SubFactory(DonneurOrdreFactory)
    reference = factory.Sequence(lambda n: f"2022-{n:04d}")
    objet = factory.Sequence(lambda n: f"Travaux de voirie {n}")
    date_notification = datetime.date(2022, 3, 1)
    duree_mois = 12


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot

    marche = factory.SubFactory(MarcheFactory)
    numero = factory.Sequence(lambda n: str(n))
    heures_prescrites = 500


class EntrepriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entreprise

    siret = factory.Sequence(lambda n: valid_siret(valid_siren(n, "4")))
    nom = factory.Sequence(lambda n: f"Entreprise {n}")
    effectif = 12


class AttributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribution

    lot = factory.SubFactory(LotFactory)
    entreprise = factory.SubFactory(EntrepriseFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    identifiant = factory.Sequence(lambda n: f"P-{n:05d}")
    sexe = "M"
    annee_naissance = 1990


class ContratFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contrat

    participant = factory.SubFactory(ParticipantFactory)
    entreprise = factory.SubFactory(EntrepriseFactory)
    type_contrat = Contrat.Type.CDD_LONG
    date_debut = datetime.date(2022, 3, 1)
    date_fin = datetime.date(2022, 12, 31)


def heures(*, lot, contrat, mois=datetime.date(2022, 4, 1), nombre=35) -> HeuresMensuelles:
    contrat.lots.add(lot)
    Attribution.objects.get_or_create(lot=lot, entreprise=contrat.entreprise)
    return HeuresMensuelles.objects.create(
        contrat=contrat,
        lot=lot,
        participant=contrat.participant,
        entreprise=contrat.entreprise,
        mois=mois,
        heures=nombre,
    )


def monde_permissions(world: dict) -> dict:
    """Objects of the module for the permission matrix (built once per test, on demand)."""
    if "clauses" not in world:
        from django.core.files.base import ContentFile

        from territoires.clauses.models import ImportClauses
        from territoires.core.models import Document

        lot = LotFactory()
        contrat = ContratFactory()
        heures(lot=lot, contrat=contrat)
        document = Document.objects.create(
            fichier=ContentFile(b"x", name="x.xlsx"),
            nom_original="suivi.xlsx",
            type_mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            taille=1,
            sha256="0" * 64,
        )
        from territoires.clauses.models import DemandeAccompagnement, ImportDecp

        world["clauses"] = {
            "decp_id": ImportDecp.objects.create(
                fichier=document,
                statut=ImportDecp.Statut.IMPORTE,
                resultat={"lus": 0, "crees": [], "completes": [], "non_suivis": []},
            ).pk,
            "marche_id": lot.marche_id,
            "lot_id": lot.pk,
            "participant_id": contrat.participant_id,
            "entreprise_id": contrat.entreprise_id,
            "donneur_id": lot.marche.donneur_ordre_id,
            "import_id": ImportClauses.objects.create(fichier=document).pk,
            # A request for support of a buyer that no demo organisation holds.
            "demande_id": DemandeAccompagnement.objects.create(
                donneur_ordre=lot.marche.donneur_ordre,
                date_reception=datetime.date(2022, 5, 2),
                objet="Étude de faisabilité",
            ).pk,
        }
    return world["clauses"]
