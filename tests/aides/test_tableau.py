"""Dashboard figures kept exact at any size: delays precomputed on each dossier (filing →
decision → first payment) and medians read from their histogram; average and highest rate;
the instructor's search counted up to a ceiling."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from territoires.aides import selectors, services
from territoires.aides.models import Dossier, Versement
from territoires.aides.pagination import ListePaginator
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world
from .test_scdl_actes import attribue

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _attribuer(w, *, depose, decide, cout, montant, premier_paiement=None, **kw):
    """A granted dossier saved through the model (as every service does)."""
    dossier = dossier_ddr(w, organisation=w.commune_b, cout=cout, **kw)
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue")
    dossier.refresh_from_db()
    dossier.depose_le = datetime.datetime(depose.year, depose.month, depose.day, 10, tzinfo=UTC)
    dossier.decide_le = decide
    dossier.montant_attribue = D(montant)
    dossier.premier_paiement_le = premier_paiement
    dossier.save()
    return dossier


def test_delays_follow_the_services_from_filing_to_first_payment(client):
    w = world()
    dossier = attribue(w)  # filed 2 March 2026, voted 26 June 2026
    assert dossier.delai_decision_jours == 116
    assert dossier.delai_paiement_jours is None
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    dossier.refresh_from_db()
    assert dossier.premier_paiement_le == datetime.date(2026, 8, 5)
    assert dossier.delai_paiement_jours == 40
    login(client, w.chef)
    page = client.get(reverse("aides:tableau") + "?annee=2026").content.decode()
    assert "Délai médian du dépôt à la décision : 116 jours" in page
    assert "Délai médian de la décision au premier paiement : 40 jours" in page


def test_medians_and_rates_are_exact():
    w = world()
    juin = datetime.date(2026, 6, 26)
    _attribuer(w, depose=datetime.date(2026, 3, 16), decide=juin, cout="20000", montant="8000",
               premier_paiement=datetime.date(2026, 7, 6), intitule="A")  # fmt: skip
    _attribuer(w, depose=datetime.date(2026, 1, 27), decide=juin, cout="10000", montant="8000",
               intitule="B")  # fmt: skip
    _attribuer(w, depose=datetime.date(2026, 6, 6), decide=juin, cout="40000", montant="4000",
               premier_paiement=datetime.date(2026, 9, 24), intitule="C")  # fmt: skip
    # Another year does not count.
    _attribuer(w, depose=datetime.date(2025, 1, 2), decide=datetime.date(2025, 6, 27),
               cout="10000", montant="1000", intitule="D")  # fmt: skip
    data = selectors.tableau_de_bord(2026)
    assert data["nombre"] == 3
    assert data["delai_decision"] == 102  # 20, 102, 150 days
    assert data["delai_paiement"] == 10  # 10 and 90 days: the lower middle
    assert data["taux_moyen"] == D("20000") / D("70000")  # cumulated
    assert data["taux_moyen_dossier"] == D("0.4333")  # (40 % + 80 % + 10 %) / 3
    assert data["taux_max"] == D("0.8")


def test_search_is_counted_up_to_a_ceiling(client):
    w = world()
    for i in range(3):
        d = dossier_ddr(w, organisation=w.commune_b, intitule=f"Lavoir {i}")
        Dossier.objects.filter(pk=d.pk).update(statut="depose", numero=f"L-{i}")
    paginator = ListePaginator(Dossier.objects.order_by("pk"), 2, plafond=2)
    assert paginator.count == 3 and paginator.depasse
    assert ListePaginator(Dossier.objects.order_by("pk"), 2).depasse is False
    login(client, w.instructeur)
    page = client.get(reverse("aides:instruction") + "?q=lavoir").content.decode()
    assert "Dossiers (3)" in page


def test_instructor_list_pages_keep_the_sort(client):
    w = world()
    for i, montant in enumerate(["5000", "9000", "7000", "8000", "6000"]):
        d = dossier_ddr(w, organisation=w.commune_b, intitule=f"Projet {i}", demande=montant)
        Dossier.objects.filter(pk=d.pk).update(statut="depose", numero=f"P-{i}")
    paginator = ListePaginator(Dossier.objects.order_by("-montant_demande", "-pk"), 2)
    assert [d.montant_demande for d in paginator.page(2)] == [D("7000"), D("6000")]
    assert [d.montant_demande for d in paginator.page(3)] == [D("5000")]
    login(client, w.instructeur)
    page = client.get(reverse("aides:instruction") + "?sort=-montant").content.decode()
    positions = [page.index(f"P-{i}") for i in (1, 3, 2, 4, 0)]
    assert positions == sorted(positions)


def test_dashboard_envelopes_epci_and_map(client):
    w = world()
    w.commune.commune.epci = w.epci.epci
    w.commune.commune.save()
    dossier = attribue(w)  # 8,000 € in the June 2026 session
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    services.versement_pay(versement=avance, actor=w.finances, date=datetime.date(2026, 8, 5))
    ligne = next(
        e for e in selectors.enveloppes_situation(2026) if e["enveloppe"].dispositif == w.ddr
    )
    montant = ligne["enveloppe"].montant
    assert (ligne["attribue"], ligne["engage"], ligne["paye"]) == (
        D("8000"), D("8000"), D("2400.00"),
    )  # fmt: skip
    assert ligne["reste"] == montant - D("8000")
    login(client, w.chef)
    page = client.get(reverse("aides:tableau") + "?annee=2026").content.decode()
    assert f'<th scope="row">{escape(w.epci.epci.nom)}</th>' in page  # amounts by EPCI
    assert "Subventions attribuées en 2026 par commune" in page  # the map and its table
    assert w.commune.commune.code in page


@pytest.mark.parametrize("plafond", [500, 0])
def test_search_finds_a_dossier_by_number_title_or_applicant(client, monkeypatch, plafond):
    """The applicants matching are read first (plafond 500), or joined when more match
    (plafond 0): the same dossiers either way."""
    from territoires.comptes import selectors

    monkeypatch.setattr(selectors, "ORGANISATIONS_MAX", plafond)
    w = world()
    w.commune_b.nom = "Commune de Belvédère"
    w.commune_b.save()
    for numero, intitule in (("AID-77", "Toiture"), ("AID-78", "Lavoir"), ("AID-79", "École")):
        d = dossier_ddr(w, organisation=w.commune_b, intitule=intitule)
        Dossier.objects.filter(pk=d.pk).update(statut="depose", numero=numero)
    login(client, w.instructeur)

    def trouves(q):
        page = client.get(reverse("aides:instruction"), {"q": q}).content.decode()
        return [n for n in ("AID-77", "AID-78", "AID-79") if n in page]

    assert trouves("aid-78") == ["AID-78"]
    assert trouves("LAVOIR") == ["AID-78"]
    assert trouves("belvédère") == ["AID-77", "AID-78", "AID-79"]
    assert trouves("introuvable") == []
