"""Finance is told of each payment request; its home lists what waits for it, oldest first,
without a stale backlog (handled requests and closed dossiers are not there), in a number of
queries independent of the number of requests."""

import datetime

import pytest
from django.utils import timezone

from territoires.aides import services
from territoires.aides.models import Dossier, Versement
from territoires.core.models import Notification
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def _attribue(w, intitule, **kw):
    dossier = dossier_ddr(w, intitule=intitule, **kw)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut="attribue",
        numero=f"AID-{intitule}",
        montant_attribue=D("8000"),
        notifie_le=datetime.date(2026, 7, 1),
        decide_le=datetime.date(2026, 6, 26),
    )
    return Dossier.objects.get(pk=dossier.pk)


def _demande(dossier, *, il_y_a_jours, statut=Versement.Statut.DEMANDE):
    return Versement.objects.create(
        dossier=dossier, type="avance", montant_demande=D("1000"), statut=statut,
        demande_le=timezone.now() - datetime.timedelta(days=il_y_a_jours),
    )  # fmt: skip


def test_finance_is_notified_of_each_payment_request():
    w = world()
    dossier = _attribue(w, "Lavoir")
    services.versement_request(
        dossier=dossier, actor=w.agent, type="avance", depenses_justifiees=D("0")
    )
    notification = Notification.objects.get(destinataire=w.finances)
    assert notification.titre == "Dossier AID-Lavoir : demande de versement (avance)"
    assert "2\u202f400\u00a0€" in notification.texte  # 30 % of 8 000 €, French format
    assert notification.lien == dossier.get_absolute_url()


def test_finance_home_lists_waiting_requests_oldest_first_without_stale_backlog(
    client, django_assert_max_num_queries
):
    w = world()
    recente = _demande(_attribue(w, "Recente"), il_y_a_jours=1)
    ancienne = _demande(_attribue(w, "Ancienne", organisation=w.commune_b, actor=w.agent_b),
                        il_y_a_jours=20)  # fmt: skip
    _demande(_attribue(w, "Payee"), il_y_a_jours=40, statut=Versement.Statut.PAYE)
    _demande(_attribue(w, "Rejetee"), il_y_a_jours=50, statut=Versement.Statut.REJETE)
    close = _attribue(w, "Close")
    _demande(close, il_y_a_jours=60)
    Dossier.objects.filter(pk=close.pk).update(statut="sans_suite")

    login(client, w.finances)
    page = client.get("/").content.decode()
    section = page.split('id="section-aides-versements"')[1].split("</section>")[0]
    assert "Demandes de versement à traiter (2)" in section
    assert section.index(ancienne.dossier.numero) < section.index(recente.dossier.numero)
    for absent in ("AID-Payee", "AID-Rejetee", "AID-Close"):
        assert absent not in section
    # The section comes first on finance's home.
    assert page.index('id="section-aides-versements"') < page.index("Engagements à saisir")

    for i in range(6):
        _demande(_attribue(w, f"Autre{i}"), il_y_a_jours=5 + i)
    with django_assert_max_num_queries(40) as requetes:
        client.get("/")
    avec_plus = len(requetes)
    for i in range(6):
        _demande(_attribue(w, f"Encore{i}"), il_y_a_jours=30 + i)
    with django_assert_max_num_queries(avec_plus):
        page = client.get("/").content.decode()
    assert "Les 10 plus anciennes sur 14" in page


def test_avance_payee_reads_right():
    w = world()
    dossier = _attribue(w, "Lavoir")
    versement = services.versement_request(
        dossier=dossier, actor=w.agent, type="avance", depenses_justifiees=D("0")
    )
    services.versement_pay(versement=versement, actor=w.finances)
    assert Notification.objects.filter(
        destinataire=w.agent, titre="Dossier AID-Lavoir : avance payée"
    ).exists()
