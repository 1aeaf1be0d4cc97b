"""A vice-president's delegation: their module's figures over the whole Département, its news
only, the commission's sessions for the aids; an official with communes and a delegation sees
both, apart. On the home page and in the weekly digest."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from territoires.aides.models import Dossier
from territoires.pilotage import elus
from territoires.pilotage.models import Delegation, SuiviElu
from territoires.pilotage.services.elus import resumes_hebdomadaires_send
from tests.comptes.factories import login
from tests.ingenierie.factories import SollicitationFactory, mission_setup

from .factories_elus import elu, monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    today = timezone.localdate()
    w = monde(today)
    settings.TERRITOIRES_DEPARTEMENT = w.departement.departement.code
    mission_setup()
    # Outside the official's canton: a request filed and a grant decided this week.
    demande = SollicitationFactory(
        organisation=w.ailleurs,
        deposee_le=timezone.now() - datetime.timedelta(hours=1),
        sujet="Étude de la traverse d'ailleurs",
    )
    demande.communes.add(w.ailleurs.commune)
    Dossier.objects.filter(pk=w.dossier_ailleurs.pk).update(
        statut="attribue", montant_attribue=Decimal("6000"), decide_le=today
    )
    return w


def _vp(w, delegation, **kwargs):
    return SuiviElu.objects.create(user=elu(w.departement), delegation=delegation, **kwargs)


def _page(client, suivi) -> str:
    login(client, suivi.user)
    client.get("/pilotage/elu/")  # first visit: « since » starts now
    SuiviElu.objects.filter(pk=suivi.pk).update(
        derniere_visite=timezone.now() - datetime.timedelta(days=2)
    )
    return client.get("/pilotage/elu/").content.decode()


def test_the_engineering_vice_president_sees_requests_not_grants(client, w):
    page = _page(client, _vp(w, Delegation.INGENIERIE))
    assert "Ma délégation : Ingénierie territoriale" in page
    assert "demandes d&#x27;ingénierie en" in page  # the Département's figure of the year
    assert "Étude de la traverse d&#x27;ailleurs" in page  # the module's news, everywhere
    assert "Subvention de" not in page and "subventions accordées" not in page
    assert "Prochaines séances de la commission" not in page
    assert "Salle des fêtes d&#x27;ailleurs" not in page
    # No territory of communes: no « Mon territoire en … » block.
    assert "Mon territoire en" not in page


def test_the_aids_vice_president_sees_grants_and_the_sessions_not_requests(client, w):
    page = _page(client, _vp(w, Delegation.AIDES))
    assert "Ma délégation : Aides aux collectivités" in page
    assert "subventions accordées en" in page
    assert "Subvention de 6\u00a0000 €" in page  # the grant decided this week, outside any canton
    assert "Prochaines séances de la commission (tout le Département)" in page
    assert "Réfection du lavoir de notre canton" in page  # every dossier on the agenda
    assert "Étude de la traverse" not in page and "demandes d&#x27;ingénierie" not in page


def test_the_figures_are_the_departements_for_the_module_only():
    chiffres = elus.delegation.chiffres_du_module("clauses", annee=2024)
    assert chiffres and all(c["cle"].startswith("clauses.") for c in chiffres)
    assert len({c["phrase"] for c in chiffres}) == len(chiffres)


def test_communes_and_a_delegation_are_shown_apart(client, w):
    suivi = _vp(w, Delegation.INGENIERIE, canton=w.canton)
    assert elus.communes_suivies(suivi) == sorted(c.code for c in w.canton.communes.all())
    page = _page(client, suivi)
    territoire, delegation = page.split('id="elu-delegation-titre"')
    assert "Mon territoire en" in territoire and "le canton de Lectoure-Lomagne" in territoire
    # The canton's part: its own dossier on the agenda, not the request from elsewhere.
    assert "Réfection du lavoir de notre canton" in territoire
    assert "Étude de la traverse" not in territoire
    # The delegation's part: the request from elsewhere, no aid dossier.
    assert "Étude de la traverse d&#x27;ailleurs" in delegation
    assert "Réfection du lavoir" not in delegation
    # The home page's section shows both too.
    accueil = client.get("/").content.decode()
    assert 'id="elu-territoire-titre"' in accueil and 'id="elu-delegation-titre"' in accueil


def test_the_digest_of_a_vice_president_speaks_of_their_module(w):
    suivi = _vp(w, Delegation.INGENIERIE)
    SuiviElu.objects.filter(pk=suivi.pk).update(resume_hebdomadaire=True)
    assert resumes_hebdomadaires_send() == 1
    body = mail.outbox[0].body
    assert "Votre délégation : Ingénierie territoriale" in body
    assert "Étude de la traverse d'ailleurs" in body
    assert "Subvention de" not in body and "Prochaines séances" not in body
    html = mail.outbox[0].alternatives[0][0]
    assert "Étude de la traverse" in html and "Salle des fêtes" not in html


def test_the_delegations_queries_do_not_grow_with_the_departement(
    client, w, django_assert_max_num_queries
):
    from tests.referentiel.factories import CommuneFactory

    suivi = _vp(w, Delegation.AIDES)
    login(client, suivi.user)
    client.get("/pilotage/elu/")
    with django_assert_max_num_queries(60) as petit:
        client.get("/pilotage/elu/")
    for _ in range(20):
        CommuneFactory(departement=w.canton.departement)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        client.get("/pilotage/elu/")


def test_the_open_data_vice_president_sees_the_portal_figures(client, w):
    from tests.opendata.factories import JeuPublieFactory

    JeuPublieFactory(organisation=w.ailleurs, publie_le=timezone.now())
    page = _page(client, _vp(w, Delegation.DONNEES))
    assert "Ma délégation : Données ouvertes" in page
    assert "1 jeu de données publié par 1 organisation" in page
    assert "Subvention de" not in page and "demandes d&#x27;ingénierie en" not in page
