"""Issue 15, « Aid rules, exactly » — sessions (seed 000: « fin juin, dossiers reçus avant le
1er avril ; fin octobre, avant le 1er août »): placement by the day the dossier became
complete, the cut-off's inclusiveness as a stated setting shown to the commune, sessions of any
year from the yearly pattern, never a dossier left without a session silently."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from territoires.aides import selectors, services
from territoires.aides.models import Dispositif, ModeleSession, SessionProgrammation
from territoires.core.models import Notification
from tests.comptes.factories import login

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db


def _mois(session) -> int:
    return session.date_commission.month


def test_filed_in_march_completed_in_april_goes_to_october():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 15))
    dossier.refresh_from_db()
    assert (_mois(dossier.session), dossier.complet_le) == (6, datetime.date(2026, 3, 15))
    services.complement_request(dossier=dossier, actor=w.instructeur, motif="Devis manquant.")
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 4, 10))
    dossier.refresh_from_db()
    assert dossier.complet_le == datetime.date(2026, 4, 10)
    assert dossier.session.nom == "Commission permanente d'octobre 2026"
    # The filing day stays the filing day.
    assert dossier.depose_le.date() == datetime.date(2026, 3, 15)


def test_completed_before_the_cut_off_keeps_its_session():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 2))
    services.complement_request(dossier=dossier, actor=w.instructeur, motif="RIB illisible.")
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 20))
    dossier.refresh_from_db()
    assert dossier.session.nom == "Commission permanente de juin 2026"


@pytest.mark.parametrize(("incluse", "mois"), [(False, 10), (True, 6)])
def test_the_cut_off_day_counts_as_the_scheme_states(incluse, mois):
    w = world()
    Dispositif.objects.filter(pk=w.ddr.pk).update(limite_incluse=incluse)
    w.ddr.refresh_from_db()
    assert _mois(selectors.session_for_filing(w.ddr, datetime.date(2026, 4, 1))) == mois
    assert _mois(selectors.session_for_filing(w.ddr, datetime.date(2026, 3, 31))) == 6
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 4, 1))
    dossier.refresh_from_db()
    assert _mois(dossier.session) == mois


@pytest.mark.parametrize(
    ("incluse", "texte"),
    [
        (False, "dossiers complets avant le 1er avril {} (un dossier complet ce jour-là va à"),
        (True, "dossiers complets au plus tard le 1er avril {} (ce jour inclus)"),
    ],
)
def test_the_inclusiveness_is_shown_to_the_commune(client, incluse, texte):
    w = world()
    Dispositif.objects.filter(pk=w.ddr.pk).update(limite_incluse=incluse)
    prochaine = (
        SessionProgrammation.objects.filter(
            dispositif=w.ddr, date_commission__gte=timezone.localdate(), date_limite__month=4
        )
        .order_by("date_commission")
        .first()
    )
    annee = prochaine.date_limite.year
    assert prochaine.regle_limite.startswith(texte.format(annee))
    login(client, w.agent)
    page = client.get(reverse("aides:dispositif", args=["ddr"])).content.decode()
    assert texte.format(annee) in page
    assert ("va encore à cette session" in page) is incluse


def test_the_summary_before_filing_shows_the_session_and_its_rule(client):
    w = world()
    dossier = dossier_ddr(w)
    login(client, w.agent)
    page = client.get(reverse("aides:dossier_recapitulatif", args=[dossier.pk])).content.decode()
    prevue = selectors.session_prevue(w.ddr, timezone.localdate())
    assert prevue is not None
    assert prevue.nom in page
    assert "La session suit le jour où le dossier est complet" in page
    assert ("ce jour inclus" in page) is False


def test_sessions_of_any_future_year_come_from_the_yearly_pattern():
    w = world()  # sessions 2024–2027 only
    assert not w.ddr.sessions.filter(date_commission__year=2031).exists()
    call_command("aides_sessions", depuis=2030, jusqu_a=2031, verbosity=0)
    juin = w.ddr.sessions.get(date_commission=datetime.date(2031, 6, 26))
    assert (juin.nom, juin.date_limite) == (
        "Commission permanente de juin 2031",
        datetime.date(2031, 4, 1),
    )
    total = SessionProgrammation.objects.count()
    call_command("aides_sessions", depuis=2030, jusqu_a=2031, verbosity=0)  # idempotent
    assert SessionProgrammation.objects.count() == total


def test_a_filing_after_the_last_session_creates_it_from_the_pattern():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2029, 9, 3))
    dossier.refresh_from_db()
    assert dossier.session.nom == "Commission permanente de juin 2030"
    assert dossier.session.date_limite == datetime.date(2030, 4, 1)


def test_without_any_session_to_come_both_sides_are_told():
    w = world()
    ModeleSession.objects.filter(dispositif=w.ddr).delete()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2029, 9, 3))
    dossier.refresh_from_db()
    assert dossier.session is None
    titre = f"Dossier {dossier.numero} : aucune session prévue"
    destinataires = set(
        Notification.objects.filter(titre=titre).values_list("destinataire", flat=True)
    )
    assert {w.agent.pk, w.instructeur.pk, w.chef.pk} <= destinataires


def test_a_pattern_with_an_impossible_day_is_refused():
    from django.core.exceptions import ValidationError

    w = world()
    modele = ModeleSession(
        dispositif=w.ddr,
        libelle="Commission",
        jour_limite=31,
        mois_limite=4,
        jour_commission=26,
        mois_commission=6,
    )
    with pytest.raises(ValidationError, match="Ce jour n'existe pas"):
        modele.full_clean()
    modele.jour_limite, modele.mois_limite, modele.mois_commission = 1, 8, 6
    with pytest.raises(ValidationError, match="après la date limite"):
        modele.full_clean()


def test_postponing_after_the_last_known_session_creates_the_next_one():
    from territoires.aides.services.sessions import session_unvoted_postpone

    w = world()  # the last session generated is October 2027
    octobre = SessionProgrammation.objects.get(nom="Commission permanente d'octobre 2027")
    suivante, deplaces = session_unvoted_postpone(session=octobre, actor=w.chef)
    assert (suivante.nom, suivante.date_commission, deplaces) == (
        "Commission permanente de juin 2028",
        datetime.date(2028, 6, 26),
        0,
    )
