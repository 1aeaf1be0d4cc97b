"""The import of the territories: shipped data (Gers) and a synthetic --source folder."""

import datetime as dt
import gzip
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from territoires.referentiel.models import Commune, Departement, Epci, Region

pytestmark = pytest.mark.django_db


def run_import(*args, **kwargs) -> str:
    out = StringIO()
    call_command("referentiel_import", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_gers_import_gives_its_458_communes_and_17_epci_and_is_idempotent():
    output = run_import("--departement", "32")

    gers = Commune.objects.filter(
        departement__code="32", type=Commune.Type.ACTUELLE, obsolete=False
    )
    assert gers.count() == 458
    assert Epci.objects.filter(communes__in=gers).distinct().count() == 17
    assert "EPCI : 17 créés" in output
    # commune → EPCI comes from epci.json's members: every current Gers commune has one.
    assert not gers.filter(epci=None).exists()
    lectoure = Commune.objects.get(code="32208", type=Commune.Type.ACTUELLE)
    assert lectoure.nom == "Lectoure"
    assert lectoure.siren == "213202088"
    assert lectoure.codes_postaux == ["32700"]
    assert lectoure.epci.nom == "CC de la Lomagne Gersoise"

    # An EPCI straddling the Landes is imported whole, with the Landes and its région.
    aire = Epci.objects.get(nom="CC d'Aire-sur-l'Adour")
    assert set(aire.departements.values_list("code", flat=True)) == {"32", "40"}
    assert aire.communes.filter(departement__code="40").count() == 12  # its Landes members
    assert aire.communes.get(nom="Aire-sur-l'Adour").departement.region.nom == "Nouvelle-Aquitaine"
    # Only the Gers and what its EPCI need: the Hérault is not imported.
    assert not Departement.objects.filter(code="34").exists()

    # A commune associée points to its commune nouvelle.
    artiguedieu = Commune.objects.get(code="32011", type=Commune.Type.ASSOCIEE)
    assert artiguedieu.commune_parente.nom == "Seissan"

    counts = (Region.objects.count(), Departement.objects.count(), Commune.objects.count())
    second = run_import("--departement", "32")
    assert "communes : 0 créées, 0 mises à jour, 0 rendues obsolètes" in second
    assert "EPCI : 0 créés, 0 mis à jour, 0 rendus obsolètes" in second
    assert "Rien à changer" in second
    assert (Region.objects.count(), Departement.objects.count(), Commune.objects.count()) == counts


def test_default_departement_comes_from_the_settings(settings, tmp_path):
    write_source(tmp_path, synthetic_source())
    settings.TERRITOIRES_DEPARTEMENT = "98"
    output = run_import("--source", str(tmp_path))
    assert "départements 98" in output
    assert Commune.objects.filter(departement__code="98").count() == 4
    assert not Commune.objects.filter(code="97002").exists()


def test_unknown_departement_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Département inconnu dans la source : 00"):
        run_import("--departement", "00")
    assert not Commune.objects.exists()


# --- Synthetic source -----------------------------------------------------------------------


def synthetic_source() -> dict:
    """Two small départements; one EPCI straddles them."""

    def commune(code, nom, dep, **extra):
        return {
            "code": code,
            "nom": nom,
            "departement": dep,
            "region": "99",
            "type": "commune-actuelle",
            "siren": f"2{code}000",
            "codesPostaux": [f"{code}0"],
            "population": 100,
            **extra,
        }

    return {
        "regions": [{"code": "99", "nom": "Région d'essai"}],
        "departements": [
            {"code": "98", "nom": "Essai-Nord", "region": "99"},
            {"code": "97", "nom": "Essai-Sud", "region": "99"},
        ],
        "communes": [
            commune("98001", "Aubiet", "98"),
            commune("98002", "Béraut", "98"),
            commune("98003", "Cézan", "98"),
            {
                "code": "98004",
                "nom": "Durban",
                "departement": "98",
                "region": "99",
                "type": "commune-deleguee",
                "chefLieu": "98003",
            },
            commune("97001", "Estang", "97"),
            commune("97002", "Fleurance", "97"),
        ],
        "epci": [
            {
                "code": "200000001",
                "nom": "CC des Deux Essais",
                "type": "CC",
                "modeFinancement": "FPU",
                "populationMunicipale": 200,
                "populationTotale": 210,
                "membres": [{"code": "98001"}, {"code": "97001"}],
            },
            {
                "code": "200000002",
                "nom": "CC du Nord",
                "type": "CC",
                "modeFinancement": "FA",
                "populationMunicipale": 200,
                "populationTotale": 200,
                "membres": [{"code": "98002"}, {"code": "98003"}],
            },
            {
                "code": "200000003",
                "nom": "CA du Sud",
                "type": "CA",
                "modeFinancement": "FPU",
                "populationMunicipale": 100,
                "populationTotale": 100,
                "membres": [{"code": "97002"}],
            },
        ],
    }


def write_source(folder, data, compress=("communes",)):
    for name, rows in data.items():
        payload = json.dumps(rows).encode()
        if name in compress:
            (folder / f"{name}.json.gz").write_bytes(gzip.compress(payload))
        else:
            (folder / f"{name}.json").write_bytes(payload)


def test_source_folder_updates_obsoletes_and_never_deletes(tmp_path):
    data = synthetic_source()
    write_source(tmp_path, data)
    run_import("--departement", "98", "--source", str(tmp_path))

    # The Nord, plus the straddling EPCI whole: Estang (97) but not Fleurance.
    assert set(Commune.objects.values_list("code", flat=True)) == {
        "98001",
        "98002",
        "98003",
        "98004",
        "97001",
    }
    assert Commune.objects.get(code="97001").epci.nom == "CC des Deux Essais"
    assert not Epci.objects.filter(siren="200000003").exists()
    assert Commune.objects.get(code="98004").commune_parente.nom == "Cézan"

    # A year later: Béraut disappears (merged into Cézan), Aubiet is renamed, the CC du Nord
    # is dissolved and Cézan joins the CC des Deux Essais.
    data["communes"] = [c for c in data["communes"] if c["code"] != "98002"]
    data["communes"][0]["nom"] = "Aubiet-sur-Arrats"
    data["epci"] = [e for e in data["epci"] if e["code"] != "200000002"]
    data["epci"][0]["membres"].append({"code": "98003"})
    write_source(tmp_path, data)
    with time_machine.travel(dt.datetime(2027, 1, 15, 10, tzinfo=dt.UTC)):
        output = run_import("--departement", "98", "--source", str(tmp_path))

    assert "communes : 0 créées, 2 mises à jour, 1 rendues obsolètes" in output
    # The membership change is an update of the commune (its EPCI), not of the EPCI.
    assert "EPCI : 0 créés, 0 mis à jour, 1 rendus obsolètes" in output
    assert Commune.objects.count() == 5  # nothing deleted
    beraut = Commune.objects.get(code="98002")
    assert beraut.obsolete
    assert beraut.date_obsolete == dt.date(2027, 1, 15)
    assert Commune.objects.get(code="98001").nom == "Aubiet-sur-Arrats"
    assert Commune.objects.get(code="98001").nom_recherche == "aubiet sur arrats"
    assert Commune.objects.get(code="98003").epci.siren == "200000001"
    nord = Epci.objects.get(siren="200000002")
    assert nord.obsolete and nord.date_obsolete == dt.date(2027, 1, 15)
    assert Epci.objects.count() == 2

    # Béraut comes back: current again.
    data["communes"].insert(1, synthetic_source()["communes"][1])
    write_source(tmp_path, data)
    output = run_import("--departement", "98", "--source", str(tmp_path))
    assert "communes : 0 créées, 1 mises à jour, 0 rendues obsolètes" in output
    beraut.refresh_from_db()
    assert not beraut.obsolete and beraut.date_obsolete is None


def test_importing_one_departement_leaves_the_others_alone(tmp_path):
    data = synthetic_source()
    write_source(tmp_path, data)
    run_import("--tout", "--source", str(tmp_path))
    assert Commune.objects.filter(obsolete=False).count() == 6

    # A source without the Sud: importing the Nord must not make the Sud obsolete…
    data["departements"] = [d for d in data["departements"] if d["code"] != "97"]
    data["communes"] = [c for c in data["communes"] if c["departement"] != "97"]
    data["epci"] = [e for e in data["epci"] if e["code"] != "200000003"]
    data["epci"][0]["membres"] = [{"code": "98001"}]
    write_source(tmp_path, data)
    run_import("--departement", "98", "--source", str(tmp_path))
    assert not Commune.objects.filter(obsolete=True).exists()
    assert not Epci.objects.filter(obsolete=True).exists()
    # …the EPCI no longer covers the Sud.
    deux = Epci.objects.get(siren="200000001")
    assert list(deux.departements.values_list("code", flat=True)) == ["98"]

    # …but a national import does.
    output = run_import("--tout", "--source", str(tmp_path))
    assert set(Commune.objects.filter(obsolete=True).values_list("code", flat=True)) == {
        "97001",
        "97002",
    }
    assert "EPCI : 0 créés, 0 mis à jour, 1 rendus obsolètes" in output
    assert "départements : 0 créés, 0 mis à jour, 1 rendus obsolètes" in output


def test_missing_source_folder_is_a_clear_error(tmp_path):
    (tmp_path / "regions.json").write_text("[]")
    (tmp_path / "departements.json").write_text("[]")
    with pytest.raises(CommandError, match="Fichiers introuvables .* epci.json, communes.json"):
        run_import("--source", str(tmp_path))
    (tmp_path / "epci.json").write_text("[]")
    (tmp_path / "communes.json").write_text("{pas du json")
    with pytest.raises(CommandError, match="Fichier illisible"):
        run_import("--tout", "--source", str(tmp_path))


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal(tmp_path):
    write_source(tmp_path, synthetic_source())
    terminal = Terminal()
    call_command("referentiel_import", "--tout", "--source", str(tmp_path), stdout=terminal)
    assert "communes:   0%|" in terminal.getvalue()
    # Not a terminal (a log file, cron): no progress bar, only the report.
    output = run_import("--tout", "--source", str(tmp_path))
    assert "%" not in output and "\r" not in output
    assert "Rien à changer" in output
