"""Grants by scheme over a period with their average and highest rate, equal to the aid
dashboard on each year."""

import datetime

import pytest

from territoires.aides import selectors
from territoires.aides.models import Dossier
from territoires.aides.selectors.chiffres import subventions_par_dispositif

from .factories import D, world
from .test_tableau import _attribuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world()
    juin = datetime.date(2025, 6, 26)
    _attribuer(
        w, depose=datetime.date(2025, 3, 1), decide=juin, cout="20000", montant="8000", intitule="A"
    )  # fmt: skip  40 %
    _attribuer(
        w, depose=datetime.date(2025, 3, 2), decide=juin, cout="10000", montant="8000", intitule="B"
    )  # fmt: skip  80 %
    autre = _attribuer(
        w, depose=datetime.date(2025, 3, 3), decide=juin, cout="40000", montant="4000", intitule="C"
    )  # fmt: skip  10 %
    Dossier.objects.filter(pk=autre.pk).update(dispositif=w.dispositifs["f2d"])
    _attribuer(
        w,
        depose=datetime.date(2026, 1, 2),
        decide=datetime.date(2026, 6, 27),
        cout="10000",
        montant="5000",
        intitule="D",
    )  # fmt: skip  50 %
    return w


def test_rates_by_scheme_over_one_year(w):
    data = subventions_par_dispositif(depuis=2025, jusqu_a=2025)
    par_nom = {d["nom"]: d for d in data["dispositifs"]}
    ddr = par_nom[w.ddr.nom]
    assert (ddr["nombre"], ddr["montant"]) == (2, D("16000"))
    assert (ddr["taux_moyen"], ddr["taux_max"]) == (D("0.6"), D("0.8"))
    f2d = par_nom[w.dispositifs["f2d"].nom]
    assert (f2d["nombre"], f2d["taux_moyen"], f2d["taux_max"]) == (1, D("0.1"), D("0.1"))


def test_each_year_equals_the_dashboard(w):
    for annee in (2025, 2026):
        tableau = selectors.tableau_de_bord(annee)
        data = subventions_par_dispositif(depuis=annee, jusqu_a=annee)
        assert data["nombre"] == tableau["nombre"] == sum(d["nombre"] for d in data["dispositifs"])
        assert data["taux_moyen"] == tableau["taux_moyen_dossier"]
        assert (
            data["taux_max"]
            == tableau["taux_max"]
            == max(d["taux_max"] for d in data["dispositifs"])
        )


def test_a_period_reads_every_dossier_once(w, django_assert_num_queries):
    with django_assert_num_queries(2):
        data = subventions_par_dispositif(depuis=2025, jusqu_a=2026)
    assert data["nombre"] == 4
    assert data["taux_moyen"] == D("0.45")  # (40 + 80 + 10 + 50) / 4
    assert data["taux_max"] == D("0.8")
    ddr = next(d for d in data["dispositifs"] if d["dispositif_id"] == w.ddr.pk)
    assert (ddr["nombre"], ddr["taux_moyen"]) == (3, D("0.5667"))
