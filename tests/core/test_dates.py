"""The window of dates: every date field of every module refuses 1900 and 9999, says its
window (help text, `min` / `max`, French error), and imports follow the same rule."""

import datetime as dt
import json
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from territoires.aides.forms import VoteForm
from territoires.clauses import decp
from territoires.clauses import services as clauses_services
from territoires.clauses.forms import ConventionForm, ReunionForm
from territoires.ingenierie.agence.forms import FacturationForm, PrestationRealiseeForm
from territoires.ingenierie.ateliers.forms import AtelierForm
from territoires.ingenierie.forms import ActionForm
from territoires.participation.forms import JalonForm, ProfilForm
from tests.aides.factories import world as aides_world
from tests.clauses import conftest as clauses_conftest
from tests.clauses.classeur import ecrire_xlsx, generer
from tests.comptes.factories import UserFactory, login
from tests.ingenierie.factories import collectivite, mission_setup

pytestmark = pytest.mark.django_db
communes = clauses_conftest.communes  # the Gers communes of the clauses tests (fixture)

TRAVAUX = "Indiquez une date entre le 1er janvier 2000 et le 31 décembre 2041."
PASSE = (
    "Indiquez une date entre le 1er janvier 2000 et aujourd'hui : elle ne peut pas être dans "
    "le futur."
)


@pytest.fixture(autouse=True)
def le_15_avril_2026():
    with time_machine.travel(dt.datetime(2026, 4, 15, 10, tzinfo=dt.UTC), tick=False):
        yield


def test_aides_works_dates_refuse_1900_and_9999_and_say_their_window(client):
    w = aides_world()
    login(client, w.agent)
    url = reverse("aides:dossier_nouveau", args=["ddr"])
    page = client.get(url).content.decode()
    assert 'type="date"' in page and 'min="2000-01-01"' in page and 'max="2041-12-31"' in page
    assert "Entre 2000 et 2041." in page
    data = {"intitule": "Lavoir", "siret_beneficiaire": w.commune.siret, "cout_ht": "20000",
            "montant_demande": "8000",
            # Issue 14: the expense lines add up to the cost.
            "depense_0_libelle": "Travaux", "depense_0_montant": "20000"}  # fmt: skip
    page = client.post(url, data | {"date_debut_travaux": "1900-01-01",
                                    "date_fin_travaux": "9999-12-31"})  # fmt: skip
    assert unescape(page.content.decode()).count(TRAVAUX) >= 2
    assert not w.commune.dossiers_aides.exists()
    client.post(url, data | {"date_debut_travaux": "2026-09-01", "date_fin_travaux": "2027-06-30"})
    assert w.commune.dossiers_aides.get().date_fin_travaux == dt.date(2027, 6, 30)


def test_a_deliberation_date_cannot_be_in_the_future():
    form = VoteForm({"numero": "CP-2026-04", "date": "2026-04-16"})
    assert form.errors["date"] == [PASSE]
    assert VoteForm({"numero": "CP-2026-04", "date": "2026-04-15"}).is_valid()


def test_ingenierie_wished_deadline_is_between_today_and_the_horizon(client):
    mission_setup()
    commune = collectivite()
    login(client, commune["maire"])
    url = reverse("ingenierie:sollicitation_nouvelle")
    page = unescape(client.get(url).content.decode())
    assert 'min="2026-04-15"' in page and 'max="2041-12-31"' in page
    assert "Entre aujourd'hui et 2041." in page
    for typed in ("2026-04-14", "9999-12-31"):
        form = client.post(url, {"echeance_souhaitee": typed}).context["form"]
        assert form.errors["echeance_souhaitee"] == [
            "Indiquez une date entre aujourd'hui et le 31 décembre 2041 : elle ne peut pas "
            "être dans le passé."
        ]


def _form(form_class, data):
    """The form bound as its page posts it (some forms carry a prefix)."""
    prefix = form_class.prefix
    return form_class({f"{prefix}-{k}" if prefix else k: v for k, v in data.items()})


@pytest.mark.parametrize(
    ("form_class", "field", "data", "message"),
    [
        (ActionForm, "echeance", {"titre": "Devis"}, TRAVAUX),
        (AtelierForm, "date", {"titre": "Atelier", "theme": "marchés"}, TRAVAUX),
        (PrestationRealiseeForm, "date", {"quantite": "1"}, PASSE),
        (FacturationForm, "jusqu_au", {}, PASSE),
        (ReunionForm, "date", {"type": "comite"}, TRAVAUX),
        (ConventionForm, "date_signature", {"objet": "Accompagnement"}, PASSE),
    ],
)
def test_every_date_field_refuses_1900_and_9999(form_class, field, data, message):
    for typed in ("1900-01-01", "9999-12-31"):
        form = _form(form_class, data | {field: typed})
        assert form.errors[field] == [message], typed
    form = _form(form_class, data | {field: "2026-04-15"})
    assert field not in form.errors
    assert form[field].field.widget.attrs["max"] in ("2041-12-31", "2026-04-15")


def test_participation_birth_date_has_its_own_window(client):
    login(client, UserFactory())
    page = unescape(client.get(reverse("participation:profil")).content.decode())
    assert "Format : JJ/MM/AAAA. Entre 1906 et aujourd'hui." in page
    for typed in ("01/01/1900", "16/04/2026"):
        form = ProfilForm({"date_naissance": typed, "commune": ""})
        assert form.errors["date_naissance"] == [
            "Indiquez une date entre le 1er janvier 1906 et aujourd'hui : elle ne peut pas "
            "être dans le futur."
        ]
    assert "date_naissance" not in ProfilForm({"date_naissance": "02/01/1906"}).errors
    assert JalonForm({"libelle": "Pose", "date_prevue": "31/12/9999"}).errors["date_prevue"] == [
        TRAVAUX
    ]


def test_the_window_is_a_setting(settings):
    settings.DATES_ANNEE_MIN = 2010
    settings.DATES_HORIZON_ANS = 5
    form = _form(ActionForm, {"titre": "Devis", "echeance": "2005-01-01"})
    assert form.errors["echeance"] == [
        "Indiquez une date entre le 1er janvier 2010 et le 31 décembre 2031."
    ]
    assert form["echeance"].help_text == "Entre 2010 et 2031."


def test_clauses_import_refuses_dates_outside_the_window(communes, tmp_path):
    donnees = generer(graine=5)
    donnees["marches"][0]["date_notification"] = "1900-01-01"
    h = donnees["heures"]
    h[0]["date_debut"] = "1899-12-30"
    h[1]["date_fin"] = "9999-12-31"
    h[2]["mois"] = "2027-01"
    h[3]["annee_naissance"] = 1850
    with pytest.raises(clauses_services.ImportRefuse) as refus:
        clauses_services.classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "c.xlsx"))
    erreurs = [(e.feuille, e.ligne, e.message) for e in refus.value.erreurs]
    fenetre = "hors de la fenêtre admise, entre le 1er janvier 2000 et"
    assert ("marches", 2, f"date de notification « 1900-01-01 » {fenetre} aujourd'hui") in erreurs
    assert ("heures", 2, f"date de début « 1899-12-30 » {fenetre} aujourd'hui") in erreurs
    assert ("heures", 3, f"date de fin « 9999-12-31 » {fenetre} le 31 décembre 2041") in erreurs
    assert ("heures", 4, f"mois « 2027-01 » {fenetre} aujourd'hui") in erreurs
    assert ("heures", 5, "année de naissance « 1850 » invalide (entre 1906 et 2026)") in erreurs


def test_decp_prefills_no_date_outside_the_window(tmp_path):
    fichier = tmp_path / "decp.json"
    fichier.write_text(
        json.dumps(
            {
                "marches": [
                    {"id": "A", "acheteur": {"id": "1"}, "dateNotification": "9999-12-31"},
                    {"id": "B", "acheteur": {"id": "1"}, "dateNotification": "1900-01-01"},
                    {"id": "C", "acheteur": {"id": "1"}, "dateNotification": "2025-03-01"},
                ]
            }
        )
    )
    with fichier.open() as f:
        marches = {m.id: m.date_notification for m in decp.marches_read(f)}
    assert marches == {"A": None, "B": None, "C": dt.date(2025, 3, 1)}
