"""Invariants of the models: rules frozen when the vote opens, register unlinked to the box."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from territoires.participation.models import (
    Bulletin,
    RegleFigee,
    Votant,
)
from territoires.participation.services.projets import (
    projets_select,
)

from .factories import CampagneFactory, enveloppe

pytestmark = pytest.mark.django_db


def test_regles_figees_a_l_ouverture_du_vote(scrutin):
    c, env, _ = scrutin
    c.titre = "Nouveau titre"  # hors règles : permis
    c.save()
    c.budget_total = Decimal(5)
    with pytest.raises(RegleFigee):
        c.save()
    c.refresh_from_db()
    c.methode = "greedy"
    with pytest.raises(RegleFigee):
        c.save()
    env.choix_max = 6
    with pytest.raises(RegleFigee):
        env.save()
    with pytest.raises(RegleFigee):
        env.delete()
    with pytest.raises(ValidationError):
        projets_select(campagne=c, projets=[], actor=None)


def test_regles_modifiables_avant_le_vote():
    c = CampagneFactory(phase="analyse")
    c.budget_total = Decimal(10)
    c.save()
    env = enveloppe(c)
    env.choix_max = 6
    env.save()
    # Before the vote, the rules change: what the page of the campaign will show is saved.
    c.refresh_from_db()
    env.refresh_from_db()
    assert (c.budget_total, env.choix_max) == (Decimal(10), 6)


def test_registre_et_urne_sans_lien():
    champs_votant = {f.name for f in Votant._meta.get_fields()}
    champs_bulletin = {f.name for f in Bulletin._meta.get_fields()}
    # Aucune relation entre les deux tables, aucun horodatage fin.
    assert not any(getattr(f, "related_model", None) is Votant for f in Bulletin._meta.get_fields())
    assert not any(getattr(f, "related_model", None) is Bulletin for f in Votant._meta.get_fields())
    assert champs_bulletin == {"id", "enveloppe", "jour", "choix"}
    assert "empreinte" in champs_votant
    for modele in (Votant, Bulletin):
        assert all(f.get_internal_type() != "DateTimeField" for f in modele._meta.concrete_fields)
        assert modele._meta.pk.get_internal_type() == "UUIDField"
