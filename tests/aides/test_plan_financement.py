"""The financing plan of the dossier form (issue 14): as many expense lines as needed, their
total equal to the cost, totals and gap computed by the server without JavaScript."""

import pytest
from django.urls import reverse

from territoires.aides.models import Dossier
from tests.comptes.factories import login

from .factories import dossier_ddr, world

pytestmark = pytest.mark.django_db


def _data(w, **overrides):
    data = {
        "intitule": "Réfection du lavoir",
        "siret_beneficiaire": w.commune.siret,
        "cout_ht": "20000",
        "montant_demande": "8000",
        "lignes_depenses": "3",
        "depense_0_libelle": "Maçonnerie",
        "depense_0_montant": "12000",
        "depense_1_libelle": "Charpente",
        "depense_1_montant": "6000,50",
        "financement_autofinancement": "6000",
        "financement_etat_detr": "6000",
    }
    data.update(overrides)
    return data


def test_recalculer_shows_totals_and_gap_and_keeps_everything(client):
    w = world()
    login(client, w.agent)
    url = reverse("aides:dossier_nouveau", args=["ddr"])
    page = client.post(url, _data(w, action="recalculer", intitule="")).content.decode()
    assert not Dossier.objects.exists()
    assert "18\u202f000,50\u00a0€" in page  # expenses
    assert "il manque 1\u202f999,50\u00a0€" in page  # gap to the cost
    assert "20\u202f000\u00a0€" in page  # financing, Département included: balanced
    assert "équilibré" in page
    assert 'value="Charpente"' in page
    assert "Le formulaire contient" not in page  # nothing judged yet (the title is empty)


def test_a_line_is_added_without_javascript(client):
    w = world()
    login(client, w.agent)
    url = reverse("aides:dossier_nouveau", args=["ddr"])
    page = client.post(url, _data(w, action="ajouter_ligne")).content.decode()
    assert "Dépense 4 : libellé" in page
    assert 'name="lignes_depenses" value="4"' in page
    assert 'value="Maçonnerie"' in page
    assert not Dossier.objects.exists()
    # Five lines saved, all shown again when editing.
    data = _data(w, lignes_depenses="5", depense_1_montant="2000")
    for i, montant in ((2, "2000"), (3, "2000"), (4, "2000")):
        data[f"depense_{i}_libelle"] = f"Poste {i}"
        data[f"depense_{i}_montant"] = montant
    client.post(url, data)
    dossier = Dossier.objects.get()
    assert dossier.depenses.count() == 5
    page = client.get(reverse("aides:dossier_modifier", args=[dossier.pk])).content.decode()
    assert 'value="Poste 4"' in page
    assert "Dépense 6 : libellé" in page  # and an empty one to fill


def test_expenses_must_add_up_to_the_cost(client):
    w = world()
    login(client, w.agent)
    url = reverse("aides:dossier_nouveau", args=["ddr"])
    page = client.post(url, _data(w)).content.decode()
    assert not Dossier.objects.exists()
    assert "Le formulaire contient 1 erreur" in page
    assert (
        "Le total des dépenses (18\u202f000,50\u00a0€) n&#x27;est pas égal au coût total du "
        "projet HT (20\u202f000\u00a0€) : écart de 1\u202f999,50\u00a0€"
    ) in page
    page = client.post(url, _data(w, depense_1_libelle="")).content.decode()
    assert "Indiquez ce que couvre cette dépense." in page
    page = client.post(
        url,
        _data(
            w,
            depense_0_libelle="",
            depense_0_montant="",
            depense_1_libelle="",
            depense_1_montant="",
        ),
    ).content.decode()
    assert "Détaillez les dépenses" in page
    client.post(url, _data(w, depense_1_montant="8000"))
    assert Dossier.objects.get().depenses.count() == 2


def test_edit_form_starts_with_the_saved_totals(client):
    w = world()
    dossier = dossier_ddr(w)
    login(client, w.agent)
    page = client.get(reverse("aides:dossier_modifier", args=[dossier.pk])).content.decode()
    assert page.count("équilibré") == 2
    assert "aides/plan-financement.js" in page
