"""`territoires budget import-pabulib` and `budget resultats`, checked against pabutools."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from pabutools.election import parse_pabulib

from territoires.participation import depouillement, pabulib
from territoires.participation.models import (
    Campagne,
)

from .test_depouillement import QUARTIERS, pabutools_resultat

pytestmark = pytest.mark.django_db


def test_cli_import_et_resultats_identiques_a_pabutools(tmp_path):
    chemin = QUARTIERS[1]  # Saint-Cyprien, le plus petit
    message = StringIO()
    call_command("budget_import_pabulib", str(chemin), campagne="pont", stdout=message)
    instance, profil = parse_pabulib(str(chemin))
    # Said as a French reader writes it: « budget 400 000 € », never « 400000.00 € ».
    budget = int(instance.budget_limit)
    attendu = f"{budget:,}".replace(",", "\u202f") + "\u00a0€"
    assert f"bulletins, budget {attendu}." in message.getvalue()
    for methode in depouillement.METHODES:
        sortie = StringIO()
        call_command("budget_resultats", "pont", methode=methode, format_="json", stdout=sortie)
        donnees = json.loads(sortie.getvalue())
        assert sorted(donnees["selectionnes"]) == pabutools_resultat(instance, profil, methode)
        assert donnees["budget"] == budget
        assert donnees["cout_total"] <= donnees["budget"]
    sortie = StringIO()
    call_command("budget_resultats", "pont", methode="mes", format_="pabulib", stdout=sortie)
    fichier = tmp_path / "export.pb"
    fichier.write_text(sortie.getvalue())
    relu = pabulib.lire(fichier)
    origine = pabulib.lire(chemin)
    assert sorted(map(sorted, relu.bulletins())) == sorted(map(sorted, origine.bulletins()))
    assert relu.meta["rule"] == "equalshares"
    inst2, prof2 = parse_pabulib(str(fichier))
    assert len(inst2) == len(instance) and prof2.num_ballots() == profil.num_ballots()
    assert {p["project_id"] for p in relu.projets if p["selected"] == "1"} == set(
        pabutools_resultat(instance, profil, "mes")
    )
    with pytest.raises(Exception, match="existe déjà"):
        call_command("budget_import_pabulib", str(chemin), campagne="pont", stdout=StringIO())
    assert Campagne.objects.count() == 1


def test_cli_import_fichier_invalide(tmp_path):
    mauvais = tmp_path / "x.pb"
    mauvais.write_text("META\nkey;value\n")
    with pytest.raises(Exception, match="invalide"):
        call_command("budget_import_pabulib", str(mauvais), stdout=StringIO())
    assert not Campagne.objects.exists()
