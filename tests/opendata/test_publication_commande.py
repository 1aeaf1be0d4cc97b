"""`territoires donnees publier`: create or update a dataset, all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from territoires.opendata.lecture.communs import DETECTION_LIGNES
from territoires.opendata.models import JeuDeDonnees, VersionRessource
from tests.comptes.factories import OrganisationFactory

from .publication_fixtures import EQUIPEMENTS, rows_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(db):
    return OrganisationFactory()


def _publish(*args):
    return call_command("donnees_publier", *map(str, args), verbosity=1)


def test_creates_then_updates_a_dataset(tmp_path, commune, capsys):
    fichier = tmp_path / "equipements.csv"
    fichier.write_bytes(EQUIPEMENTS)
    _publish(fichier, "--organisation", commune.siren, "--titre", "Équipements sportifs")
    jeu = JeuDeDonnees.objects.get()
    assert jeu.organisation == commune and jeu.statut == JeuDeDonnees.Statut.EN_MODERATION
    sortie = capsys.readouterr()
    assert "version 1 publiée, 3 lignes" in sortie.out

    fichier.write_bytes(EQUIPEMENTS + "Dojo;32700;240;43,93;0,62;01/01/2010\r\n".encode("cp1252"))
    _publish(fichier, "--organisation", commune.siren, "--jeu", jeu.slug)
    version = jeu.ressources.get().version_courante
    assert (version.numero, version.nb_lignes, version.lignes_ajoutees) == (2, 4, 1)


def test_a_refused_file_leaves_nothing(tmp_path, commune, capsys):
    # The types are detected on the first rows: a bad value further down refuses the file.
    lignes = [f"n{i};{i}" for i in range(DETECTION_LIGNES + 10)] + ["tard;deux"]
    fichier = tmp_path / "valeurs.csv"
    fichier.write_bytes(rows_csv(lignes))
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        _publish(fichier, "--organisation", commune.siren, "--titre", "Valeurs")
    assert f"Ligne {DETECTION_LIGNES + 12}, colonne « valeur »" in capsys.readouterr().err
    assert not JeuDeDonnees.objects.exists()
    assert not VersionRessource.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "000000000", "--titre", "x"], "Aucune organisation"),
        (["--organisation", "{siren}"], "--titre"),
        (["--organisation", "{siren}", "--jeu", "inconnu"], "Aucun jeu"),
        (["--organisation", "{siren}", "--titre", "x", "--schema", "nimporte"], "schéma"),
    ],
)
def test_clear_errors(tmp_path, commune, args, message):
    fichier = tmp_path / "x.csv"
    fichier.write_bytes(rows_csv(["a;1"]))
    args = [a.format(siren=commune.siren) for a in args]
    with pytest.raises(CommandError, match=message):
        _publish(fichier, *args)
    assert not JeuDeDonnees.objects.exists()


def test_missing_file(commune):
    with pytest.raises(CommandError, match="introuvable"):
        _publish("/nulle/part.csv", "--organisation", commune.siren, "--titre", "x")
