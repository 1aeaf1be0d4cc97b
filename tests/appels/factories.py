"""A call with its questions, grid and jury; a candidate association; helpers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from territoires.aides.models import Dispositif
from territoires.appels.models import Appel, Candidature, Critere, Question
from territoires.comptes.models import Organisation, Role
from tests.comptes.factories import MembreFactory, ServiceFactory, UserFactory


@dataclass
class Monde:
    service: Organisation
    gestionnaire: object
    jure1: object
    jure2: object
    association: Organisation
    candidat: object
    autre_candidat: object
    appel: Appel
    questions: list
    criteres: list


def appel_factory(*, service, dispositif=None, jours=3, **kwargs) -> Appel:
    now = timezone.now()
    appel = Appel.objects.create(
        organisation=service,
        titre=kwargs.pop("titre", "Tiers-lieux et Fab Lab"),
        texte="Un appel à manifestation d'intérêt.",
        ouverture=now - datetime.timedelta(days=10),
        date_limite=now + datetime.timedelta(days=jours),
        fuseau="Europe/Paris",
        types_candidats=kwargs.pop("types_candidats", ["association", "entreprise", "collectif"]),
        dispositif=dispositif,
        **kwargs,
    )
    Appel.objects.filter(pk=appel.pk).update(statut=Appel.Statut.PUBLIE)
    appel.refresh_from_db()
    return appel


def association(nom="Association La Fabrique", rna="W322004567") -> Organisation:
    return Organisation.objects.create(nom=nom, type=Organisation.Type.ASSOCIATION, rna=rna)


def monde() -> Monde:
    service = ServiceFactory(nom="Mission Ingénierie des Territoires")
    dispositif = Dispositif.objects.create(
        code="tiers-lieux", nom="Soutien aux tiers-lieux", service=service, publie=False
    )

    def m(role, org):
        return MembreFactory(role=role, organisation=org, user=UserFactory()).user

    gestionnaire = m(Role.CONSEILLER, service)
    jure1 = m(Role.CONSEILLER, service)
    jure2 = m(Role.INSTRUCTEUR, ServiceFactory(nom="Service des aides"))
    asso = association()
    candidat = m(Role.GESTIONNAIRE, asso)
    autre = m(Role.GESTIONNAIRE, association("Association voisine", "W322000001"))
    appel = appel_factory(service=service, dispositif=dispositif)
    questions = [
        Question.objects.create(appel=appel, ordre=1, libelle="Le projet", type="texte"),
        Question.objects.create(
            appel=appel,
            ordre=2,
            libelle="Nature du lieu",
            type="choix",
            choix="Tiers-lieu\nFab Lab",
        ),  # fmt: skip
        Question.objects.create(
            appel=appel, ordre=3, libelle="Coût total", type="montant", champ_dossier="cout_ht"
        ),
        Question.objects.create(
            appel=appel,
            ordre=4,
            libelle="Aide demandée",
            type="montant",
            champ_dossier="montant_demande",
        ),  # fmt: skip
        Question.objects.create(
            appel=appel, ordre=5, libelle="Budget", type="document", obligatoire=False
        ),
    ]
    criteres = [
        Critere.objects.create(appel=appel, ordre=1, libelle="Besoins", poids=3),
        Critere.objects.create(appel=appel, ordre=2, libelle="Viabilité", poids=1),
    ]
    appel.jury.set([jure1, jure2])
    return Monde(
        service=service,
        gestionnaire=gestionnaire,
        jure1=jure1,
        jure2=jure2,
        association=asso,
        candidat=candidat,
        autre_candidat=autre,
        appel=appel,
        questions=questions,
        criteres=criteres,
    )


REPONSES = ["Un Fab Lab à Auch", "Fab Lab", Decimal("85000"), Decimal("25000")]


def candidature_deposee(w: Monde, *, organisation=None, actor=None, titre="Fab Lab") -> Candidature:
    from territoires.appels import services

    organisation = organisation or w.association
    actor = actor or w.candidat
    c = services.candidature_create(
        appel=w.appel, organisation=organisation, actor=actor, titre=titre
    )
    services.candidature_save(
        candidature=c,
        actor=actor,
        titre=titre,
        reponses={q.pk: v for q, v in zip(w.questions, REPONSES, strict=False)},
    )
    return services.candidature_submit(candidature=c, actor=actor)


def deadline_passee(appel: Appel) -> None:
    Appel.objects.filter(pk=appel.pk).update(
        date_limite=timezone.now() - datetime.timedelta(minutes=1)
    )
    appel.refresh_from_db()


def matrix_objects(world: dict) -> dict:
    """Objects of the permission matrix: a published call of a foreign service, the filed
    candidature of a foreign association (created once per world)."""
    if "appels" not in world:
        w = monde()
        c = candidature_deposee(w)
        world["appels"] = {"appel_id": w.appel.pk, "candidature_id": c.pk}
    return world["appels"]
