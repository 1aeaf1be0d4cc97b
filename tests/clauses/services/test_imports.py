import copy

import pytest
from django.core.management import CommandError, call_command

from territoires.clauses.models import (
    Contrat,
    DonneurOrdre,
    Entreprise,
    HeuresMensuelles,
    Lot,
    Marche,
    Participant,
)
from territoires.clauses.services.imports import ImportRefuse, classeur_import
from territoires.clauses.services.participants import participants_anonymise

from ..classeur import ecrire_csv, ecrire_xlsx, generer

pytestmark = pytest.mark.django_db


def _etat():
    return {
        "donneurs": DonneurOrdre.objects.count(),
        "marches": Marche.objects.count(),
        "lots": Lot.objects.count(),
        "entreprises": Entreprise.objects.count(),
        "participants": Participant.objects.count(),
        "contrats": Contrat.objects.count(),
        "heures": sorted(
            HeuresMensuelles.objects.values_list(
                "contrat_id", "lot_id", "mois", "heures", "participant_id", "entreprise_id"
            )
        ),
        "criteres": sorted(
            Participant.criteres.through.objects.values_list("participant", "critere")
        ),
    }


def test_workbook_is_imported_then_reimport_changes_nothing(communes, tmp_path):
    donnees = generer()
    chemin = ecrire_xlsx(donnees, tmp_path / "classeur.xlsx")

    resultat = classeur_import(fichier=chemin)

    assert resultat.crees["heures"] == len(donnees["heures"])
    assert Lot.objects.count() == len(donnees["marches"])
    assert Participant.objects.count() == len({r["participant"] for r in donnees["heures"]})
    assert sum(h.heures for h in HeuresMensuelles.objects.all()) == sum(
        __import__("decimal").Decimal(str(r["heures"])) for r in donnees["heures"]
    )
    avant = _etat()
    second = classeur_import(fichier=chemin)
    assert set(second.crees.values()) == {0}
    assert set(second.modifies.values()) == {0}
    assert _etat() == avant


def test_csv_files_give_the_same_data(communes, tmp_path):
    donnees = generer(graine=3)
    marches, heures = ecrire_csv(donnees, tmp_path)
    with marches.open("rb") as m, heures.open("rb") as h:
        classeur_import(fichier=m, fichier_heures=h)
    etat_csv = _etat()
    assert etat_csv["participants"] == len({r["participant"] for r in donnees["heures"]})
    # The XLSX of the same rows changes nothing.
    classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "c.xlsx"))
    assert _etat() == etat_csv


def test_changed_hours_are_updated(communes, tmp_path):
    donnees = generer(graine=5)
    classeur_import(fichier=ecrire_xlsx(donnees, tmp_path / "a.xlsx"))
    modifie = copy.deepcopy(donnees)
    modifie["heures"][0]["heures"] = 99
    resultat = classeur_import(fichier=ecrire_xlsx(modifie, tmp_path / "b.xlsx"))
    assert resultat.modifies["heures"] == 1
    assert resultat.crees["heures"] == 0


def test_bad_file_lists_every_bad_row_and_writes_nothing(communes, tmp_path):
    donnees = generer(graine=7)
    mauvais = copy.deepcopy(donnees)
    mauvais["marches"][0]["donneur_ordre_siret"] = "12345678901234"  # bad checksum
    mauvais["marches"][1]["type_clause"] = "inconnue"
    h = mauvais["heures"]
    h[0]["entreprise_commune"] = "99999"  # unknown INSEE code
    h[1]["heures"] = -3
    h[2]["criteres"] = "DELD;LICORNE"
    h[3]["mois"] = "2000-01"  # outside the contract
    h[4]["lot"] = "ZZ"  # not in marches
    h[5]["type_contrat"] = "STAGE"
    h[6]["entreprise_siret"] = "73282932000075"

    with pytest.raises(ImportRefuse) as refus:
        classeur_import(fichier=ecrire_xlsx(mauvais, tmp_path / "mauvais.xlsx"))

    erreurs = {(e.feuille, e.ligne): e.message for e in refus.value.erreurs}
    assert "invalide (clé de contrôle)" in erreurs[("marches", 2)]
    assert "type de clause « inconnue » inconnu" in erreurs[("marches", 3)]
    assert "commune de l'entreprise : Code INSEE « 99999 » inconnu" in erreurs[("heures", 2)]
    assert "heures négatives" in erreurs[("heures", 3)]
    assert "LICORNE" in erreurs[("heures", 4)]
    assert "hors de la période du contrat" in erreurs[("heures", 5)]
    assert "le lot « ZZ » n'existe pas" in erreurs[("heures", 6)]
    assert "type de contrat « STAGE » inconnu" in erreurs[("heures", 7)]
    assert "SIRET de l'entreprise" in erreurs[("heures", 8)]
    assert DonneurOrdre.objects.count() == 0
    assert HeuresMensuelles.objects.count() == 0


def test_command_prints_every_error(communes, tmp_path, capsys):
    donnees = generer(graine=8)
    donnees["heures"][0]["sexe"] = "X"
    donnees["heures"][1]["annee_naissance"] = "vieux"
    chemin = ecrire_xlsx(donnees, tmp_path / "c.xlsx")
    with pytest.raises(CommandError, match="2 erreur"):
        call_command("clauses_import", str(chemin), verbosity=0)
    sortie = capsys.readouterr().err
    assert "heures, ligne 2 : sexe « X »" in sortie
    assert "heures, ligne 3 : année de naissance « vieux » invalide" in sortie
    assert HeuresMensuelles.objects.count() == 0


def test_command_imports(communes, tmp_path, capsys):
    chemin = ecrire_xlsx(generer(graine=9), tmp_path / "c.xlsx")
    call_command("clauses_import", str(chemin), verbosity=0)
    assert "Créés" in capsys.readouterr().out
    assert HeuresMensuelles.objects.exists()


def test_missing_sheet_is_reported(communes, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "marches"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(CommandError, match="pas de feuille « heures »"):
        call_command("clauses_import", str(tmp_path / "x.xlsx"), verbosity=0)


def test_reimporting_a_file_after_anonymisation_does_not_count_hours_twice(communes, tmp_path):
    donnees = generer(graine=11)
    chemin = ecrire_xlsx(donnees, tmp_path / "classeur.xlsx")
    classeur_import(fichier=chemin)
    total = sum(h.heures for h in HeuresMensuelles.objects.all())
    # Far in the future: every participant of the file is anonymised.
    import datetime

    personnes = {ligne["participant"] for ligne in donnees["heures"]}
    assert participants_anonymise(aujourd_hui=datetime.date(2100, 1, 1)) == len(personnes)
    avant = _etat()

    with pytest.raises(ImportRefuse) as refus:
        classeur_import(fichier=chemin)

    messages = [e.message for e in refus.value.erreurs]
    assert len(messages) == len(donnees["heures"])
    assert all("déjà anonymisé" in m for m in messages)
    assert _etat() == avant
    assert sum(h.heures for h in HeuresMensuelles.objects.all()) == total
