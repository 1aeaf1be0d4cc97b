"""The commune of residence chosen by its name (accents and hyphens ignored), never by code."""

import pytest

from territoires.participation.forms import ProfilForm
from tests.referentiel.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return {
        nom: CommuneFactory(nom=nom)
        for nom in ("Saint-Jean-Poutge", "Saint-Jean-le-Comtal", "Auch", "Lectoure")
    }


def _form(commune: str) -> ProfilForm:
    return ProfilForm({"date_naissance": "02/03/1990", "commune": commune})


def test_le_nom_sans_accent_ni_tiret_trouve_la_commune(communes):
    form = _form("saint jean poutge")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == communes["Saint-Jean-Poutge"]


def test_le_libelle_de_l_autocompletion_suivi_de_la_virgule_est_accepte(communes):
    commune = communes["Auch"]
    form = _form(f"Auch ({commune.departement.code}), ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == commune


def test_un_nom_partage_propose_les_communes_sans_javascript(communes):
    form = _form("saint jean")
    assert not form.is_valid()
    erreur = form.errors["commune"][0]
    assert "ne désigne pas une seule commune" in erreur
    assert "Saint-Jean-Poutge" in erreur and "Saint-Jean-le-Comtal" in erreur


def test_un_nom_inconnu_est_refuse_en_francais(communes):
    form = _form("Atlantide")
    assert not form.is_valid()
    assert form.errors["commune"] == [
        "Aucune commune ne s'appelle « Atlantide » : vérifiez l'orthographe."
    ]


def test_une_seule_commune(communes):
    form = _form("Auch, Lectoure")
    assert not form.is_valid()
    assert form.errors["commune"] == ["Indiquez une seule commune."]
