"""The history of a dossier reads as sentences: who, what, when in the instance's time zone,
amounts in French, no field diff and no checks pasted into the reason."""

import datetime

import pytest
from django.utils import timezone

from territoires.aides import services
from territoires.aides.formats import pct
from territoires.aides.selectors.historique import historique_lignes, moment
from territoires.core.models import Evenement
from territoires.core.selectors import journal_for
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def test_a_moment_is_told_in_the_instance_time_zone():
    # 13 h 05 UTC in March is 14 h 05 in Paris; the first of the month is « 1er ».
    assert moment(datetime.datetime(2026, 3, 3, 13, 5, tzinfo=datetime.UTC)) == (
        "3 mars 2026 à 14 h 05"
    )
    assert moment(datetime.datetime(2026, 7, 1, 6, 0, tzinfo=datetime.UTC)) == (
        "1er juillet 2026 à 08 h 00"
    )


def test_the_journal_of_a_dossier_becomes_sentences():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_update(
        dossier=dossier, actor=w.agent, version=None, data={"intitule": "Lavoir et abords"}
    )
    services.dossier_submit(dossier=dossier, actor=w.agent)
    Evenement.objects.filter(description="Déposer le dossier").update(
        cree_le=datetime.datetime(2026, 3, 3, 13, 5, tzinfo=datetime.UTC)
    )
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("12000")
    )
    lignes = {ligne.quoi: ligne for ligne in historique_lignes(journal_for(dossier))}

    depot = lignes["Dossier déposé"]
    assert depot.phrase == f"Dossier déposé par {w.agent} le 3 mars 2026 à 14 h 05"
    assert depot.detail == ""  # the deposit's checks are not pasted into the history
    assert lignes["Dossier déclaré complet"].detail == ""
    assert f"Montant proposé : 12\u202f000\u00a0€ ({pct(D('0.6'))})" in lignes
    assert "Brouillon créé" in lignes
    # An edit names the fields, never their raw values.
    modification = next(q for q in lignes if q.startswith("Dossier modifié"))
    assert "Intitulé" in modification or "intitulé" in modification
    assert "Lavoir et abords" not in modification


def test_a_reason_given_by_a_person_is_kept():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    services.complement_request(
        dossier=dossier, actor=w.instructeur, motif="Délibération du conseil manquante."
    )
    ligne = historique_lignes(journal_for(dossier))[0]
    assert ligne.quoi == "Compléments demandés"
    assert ligne.detail == "Délibération du conseil manquante."
    assert ligne.acteur == str(w.instructeur)


def test_the_history_tab_shows_sentences_not_a_diff_table(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent)
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url() + "?onglet=historique").content.decode()
    assert "Dossier déposé" in page
    assert f"par {w.agent}, le" in page
    assert timezone.localdate().strftime("%Y") in page
    assert "Modifications</th>" not in page and "journal__changes" not in page
