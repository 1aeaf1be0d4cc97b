"""Réalisations: their statut changes only by journalised transitions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from territoires.core.selectors import journal_for
from territoires.participation.models import Realisation
from territoires.participation.selectors import realisation_statut_choices
from territoires.participation.services.realisations import realisation_update
from tests.comptes.factories import UserFactory, member

from ..factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db


@pytest.fixture
def realisation():
    c = CampagneFactory(phase="realisation")
    return Realisation.objects.create(projet=projet(enveloppe(c, budget=Decimal(100)), "1", 50))


def suivi(realisation, agent, statut, avancement=40):
    return realisation_update(
        realisation=realisation,
        actor=agent,
        statut=statut,
        avancement=avancement,
        budget_depense=Decimal(10),
        commentaire="Point d'étape.",
    )


def test_statut_protege(realisation):
    with pytest.raises(AttributeError):
        realisation.statut = Realisation.Statut.TERMINEE


def test_changement_de_statut_journalise(realisation):
    agent = member("instructeur")
    suivi(realisation, agent, Realisation.Statut.EN_COURS)
    realisation.refresh_from_db()
    assert (realisation.statut, realisation.avancement) == (Realisation.Statut.EN_COURS, 40)
    etats = [e for e in journal_for(realisation) if e.action == "changement_etat"]
    assert len(etats) == 1
    assert etats[0].changes == {"statut": ["À lancer", "En cours"]}
    assert etats[0].acteur == agent
    # The same statut again: the follow-up is saved, no change of state is journalised.
    suivi(realisation, agent, Realisation.Statut.EN_COURS, avancement=60)
    assert len([e for e in journal_for(realisation) if e.action == "changement_etat"]) == 1


def test_transition_impossible_refusee(realisation):
    agent = member("instructeur")
    suivi(realisation, agent, Realisation.Statut.TERMINEE, avancement=100)
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        suivi(realisation, agent, Realisation.Statut.A_LANCER)
    realisation.refresh_from_db()
    assert realisation.statut == Realisation.Statut.TERMINEE
    suivi(realisation, agent, Realisation.Statut.EN_COURS)  # reprendre
    realisation.refresh_from_db()
    assert realisation.statut == Realisation.Statut.EN_COURS


def test_statuts_proposes_selon_les_transitions(realisation):
    agent = member("instructeur")
    assert [v for v, _ in realisation_statut_choices(realisation=realisation, user=agent)] == [
        "a_lancer",
        "en_cours",
        "terminee",
        "abandonnee",
    ]
    suivi(realisation, agent, Realisation.Statut.ABANDONNEE)
    assert [v for v, _ in realisation_statut_choices(realisation=realisation, user=agent)] == [
        "en_cours",
        "abandonnee",
    ]
    # Someone who may not manage réalisations is offered the current statut only.
    assert realisation_statut_choices(realisation=realisation, user=UserFactory()) == [
        ("abandonnee", "Abandonnée")
    ]
