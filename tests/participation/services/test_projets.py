"""From the idée to the projet: moderation, assessment, merge, selection."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from territoires.core.models import Notification
from territoires.participation.models import (
    Idee,
)
from territoires.participation.services.idees import idee_moderate, idee_submit
from territoires.participation.services.projets import (
    idee_assess,
    projet_create,
    projets_select,
)
from tests.comptes.factories import UserFactory, member

from ..factories import CampagneFactory, enveloppe

pytestmark = pytest.mark.django_db


def test_parcours_idee_analyse_projet(scrutin, mailoutbox):
    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000), cout_max=Decimal(500))
    citoyen = UserFactory()
    agent = member("instructeur")
    with pytest.raises(ValidationError, match="limites"):
        idee_submit(
            campagne=c,
            titre="T",
            description="D",
            categorie="Nature",
            cout_estime=Decimal(900),
            enveloppe=env,
            auteur=citoyen,
        )
    i1 = idee_submit(
        campagne=c,
        titre="Bancs",
        description="Des bancs",
        categorie="Cadre de vie",
        cout_estime=Decimal(300),
        enveloppe=env,
        auteur=citoyen,
    )
    i2 = idee_submit(
        campagne=c,
        titre="Bancs bis",
        description="Encore",
        categorie="Cadre de vie",
        cout_estime=Decimal(200),
        enveloppe=env,
        saisie_par=agent,
        nom_auteur="M. Papier",
    )
    i3 = idee_submit(
        campagne=c,
        titre="Piscine",
        description="Grande",
        categorie="Sport",
        cout_estime=Decimal(400),
        enveloppe=env,
        auteur=citoyen,
    )
    with pytest.raises(ValidationError, match="motif"):
        idee_moderate(idee=i3, actor=agent, publier=False)
    for i in (i1, i2, i3):
        idee_moderate(idee=i, actor=agent, publier=True)
    avis = {
        "avis_technique": "favorable",
        "avis_juridique": "favorable",
        "avis_financier": "reserve",
        "cout_services": Decimal(250),
    }
    idee_assess(idee=i1, actor=agent, decision="retenue", justification="Faisable.", **avis)
    idee_assess(idee=i2, actor=agent, decision="retenue", justification="Faisable aussi.", **avis)
    idee_assess(
        idee=i3, actor=agent, decision="non_retenue", justification="Hors compétence.", **avis
    )
    assert Notification.objects.filter(destinataire=citoyen).count() == 2
    p = projet_create(
        campagne=c,
        enveloppe=env,
        idees=[i1, i2],
        titre="Bancs partout",
        description="…",
        cout=Decimal(450),
        actor=agent,
    )
    i1.refresh_from_db()
    assert i1.statut == Idee.Statut.FUSIONNEE and i1.projet == p
    assert set(p.idees.all()) == {i1, i2}
    assert projets_select(campagne=c, projets=[p], actor=agent) == 1
