"""Hostile workbooks and CSV through every entry point of the clauses import: the command
`territoires clauses import`, the import screen (background task), and the DECP and pabulib
readers. Each is refused fast, with a French message that says which limit, memory flat, and
nothing imported; the next import still runs.

Every hostile file is built on the fly by `tests.hostiles` (no bomb is committed)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from territoires.clauses.imports.colonnes import COLONNES_HEURES, COLONNES_MARCHES
from territoires.clauses.models import HeuresMensuelles, ImportClauses, Marche
from territoires.comptes.models import Role
from territoires.core.models import Document
from tests import hostiles as h
from tests.comptes.factories import ServiceFactory, login, member

from ..classeur import ecrire_csv, ecrire_xlsx, generer

pytestmark = pytest.mark.django_db

ENTETE_MARCHES = h.ligne(1, COLONNES_MARCHES, colonnes=None)


def _entete(colonnes: list[str]) -> str:
    lettres = [chr(65 + i) if i < 26 else "A" + chr(65 + i - 26) for i in range(len(colonnes))]
    return h.ligne(1, colonnes, colonnes=lettres)


MARCHES_VIDE = h.feuille(_entete(COLONNES_MARCHES))
HEURES_ENTETE = _entete(COLONNES_HEURES)


def _rien_importe() -> None:
    assert not Marche.objects.exists()
    assert not HeuresMensuelles.objects.exists()


HOSTILES = {
    "feuille-gonflee": (
        lambda: h.classeur(
            marches=MARCHES_VIDE,
            heures=h.membre_gonfle(
                "xl/worksheets/sheet2.xml", 1024 * h.MO, debut=h.SHEET_DEBUT.encode()
            ),
        ),
        "contient une partie qui dépasse 250 Mo une fois décompressée "
        "(« xl/worksheets/sheet2.xml »)",
    ),
    "textes-partages-gonfles": (
        lambda: h.classeur(
            marches=MARCHES_VIDE,
            heures=h.feuille(HEURES_ENTETE),
            autres=[
                h.membre_gonfle(
                    "xl/sharedStrings.xml", 1024 * h.MO, debut=b"<sst><si><t>", motif=b"x"
                )
            ],
        ),
        "contient une partie qui dépasse 250 Mo une fois décompressée (« xl/sharedStrings.xml »)",
    ),
    "colonne-ZZZZZZZZZZ": (
        lambda: h.classeur(
            marches=MARCHES_VIDE,
            heures=h.feuille(HEURES_ENTETE + h.ligne(2, ["7"], colonnes=["ZZZZZZZZZZ"])),
        ),
        "La feuille « heures » a, ligne 2, des cellules au-delà de 100 colonnes, la limite "
        "d'un import.",
    ),
    "ligne-2000000000": (
        lambda: h.classeur(
            marches=MARCHES_VIDE,
            heures=h.feuille(HEURES_ENTETE + h.ligne(2_000_000_000, ["M1"])),
        ),
        "La feuille « heures » dépasse 500\u202f000 lignes, la limite d'un import : découpez "
        "le fichier en plusieurs.",
    ),
    "cellule-geante": (
        lambda: h.classeur(
            marches=MARCHES_VIDE,
            heures=h.membre_gonfle(
                "xl/worksheets/sheet2.xml",
                200 * h.MO,
                debut=(
                    h.SHEET_DEBUT + HEURES_ENTETE + '<row r="2"><c r="A2" t="inlineStr"><is><t>'
                ).encode(),  # fmt: skip
                motif=b"x",
                annonce=200 * h.MO,
            ),
        ),
        # 200 Mo of one letter: the ratio gives the bomb away before the cell does.
        "compressée plus de 100 fois",
    ),
}


@pytest.mark.parametrize("cas", list(HOSTILES))
def test_hostile_workbook_is_refused_by_the_command(communes, tmp_path, cas):
    fabriquer, attendu = HOSTILES[cas]
    chemin = tmp_path / "classeur.xlsx"
    chemin.write_bytes(fabriquer())

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(chemin), verbosity=0)

    assert attendu in str(refus.value)
    h.assert_borne(mesure)
    _rien_importe()


def test_long_cell_is_refused_without_being_held(settings, communes, tmp_path):
    # A cell of 5 Mo of text that does not compress much: no ratio alarm, the cell limit acts.
    texte = "".join(f"{i:07d}" for i in range(700_000))
    heures = h.feuille(
        HEURES_ENTETE + f'<row r="2"><c r="A2" t="inlineStr"><is><t>{texte}</t></is></c></row>'
    )
    chemin = tmp_path / "classeur.xlsx"
    chemin.write_bytes(h.classeur(marches=MARCHES_VIDE, heures=heures))

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(chemin), verbosity=0)

    assert "a, ligne 2, une cellule de plus de 32\u202f767 caractères" in str(refus.value)
    h.assert_borne(mesure, pic_mo=15)
    _rien_importe()


def test_shared_strings_beyond_their_limit(settings, communes, tmp_path):
    settings.IMPORT_TEXTES_MAX = h.MO
    textes = "".join(f"<si><t>{i:08d}</t></si>" for i in range(100_000))  # 2 Mo, distinct
    chemin = tmp_path / "classeur.xlsx"
    chemin.write_bytes(
        h.classeur(
            marches=MARCHES_VIDE,
            heures=h.feuille(HEURES_ENTETE),
            autres=[h.membre("xl/sharedStrings.xml", f"<sst>{textes}</sst>")],
        )
    )
    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(chemin), verbosity=0)

    assert "La table des textes du classeur (sharedStrings.xml) dépasse 1 Mo" in str(refus.value)
    h.assert_borne(mesure)


def test_workbook_beyond_the_row_limit_stops_there(settings, communes, tmp_path):
    settings.IMPORT_LIGNES_MAX = 1000
    lignes = "".join(h.ligne(n, ["M1", "x"]) for n in range(2, 50_002))  # 50,000 rows
    chemin = tmp_path / "classeur.xlsx"
    chemin.write_bytes(h.classeur(marches=MARCHES_VIDE, heures=h.feuille(HEURES_ENTETE + lignes)))

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(chemin), verbosity=0)

    assert "La feuille « heures » dépasse 1\u202f000 lignes" in str(refus.value)
    h.assert_borne(mesure)
    _rien_importe()


def test_giant_csv_beyond_the_row_limit_stops_there(settings, communes, tmp_path):
    settings.IMPORT_LIGNES_MAX = 2000
    marches = tmp_path / "marches.csv"
    marches.write_text(";".join(COLONNES_MARCHES) + "\n", encoding="utf-8")
    heures = tmp_path / "heures.csv"
    ligne = ";".join(["M1"] + ["x"] * (len(COLONNES_HEURES) - 1)) + "\n"
    heures.write_text(";".join(COLONNES_HEURES) + "\n" + ligne * 300_000, encoding="cp1252")

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(marches), str(heures), verbosity=0)

    assert "La feuille « heures » dépasse 2\u202f000 lignes" in str(refus.value)
    h.assert_borne(mesure)
    _rien_importe()


def test_csv_without_newline_is_not_read_as_one_line(communes, tmp_path):
    marches = tmp_path / "marches.csv"
    marches.write_bytes(b"x" * (20 * h.MO))
    heures = tmp_path / "heures.csv"
    heures.write_text(";".join(COLONNES_HEURES) + "\n", encoding="utf-8")

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import", str(marches), str(heures), verbosity=0)

    assert "une cellule de plus de 32\u202f767 caractères" in str(refus.value)
    h.assert_borne(mesure, secondes=2)
    _rien_importe()


def test_file_beyond_the_import_size_is_refused_unread(settings, communes, tmp_path):
    settings.IMPORT_TAILLE_MAX = 64 * 1024
    chemin = ecrire_xlsx(generer(graine=31, participants=200), tmp_path / "classeur.xlsx")
    assert chemin.stat().st_size > 64 * 1024

    with pytest.raises(CommandError, match="Le fichier dépasse 64 Ko, la taille maximale d'un "):
        call_command("clauses_import", str(chemin), verbosity=0)
    _rien_importe()


def test_csv_encodings_are_still_read_as_a_stream(communes, tmp_path):
    donnees = generer(graine=32)
    donnees["heures"][0]["participant"] = "P-Éloïse"
    marches, heures = ecrire_csv(donnees, tmp_path)
    heures.write_bytes(heures.read_text(encoding="utf-8").encode("cp1252"))
    marches.write_bytes(b"\xef\xbb\xbf" + marches.read_bytes())  # UTF-8 with BOM

    call_command("clauses_import", str(marches), str(heures), verbosity=0)

    assert HeuresMensuelles.objects.filter(participant__identifiant="P-Éloïse").exists()


# --- The import screen (upload, then background task) --------------------------------------


@pytest.fixture
def facilitateur(client):
    user = member(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, user)
    return user


def _envoyer(client, contenu: bytes, nom: str = "classeur.xlsx"):
    client.get(reverse("clauses:import"))  # templates compiled once, outside the measure
    fichier = io.BytesIO(contenu)
    fichier.name = nom
    with h.mesurer() as mesure:
        response = client.post(reverse("clauses:import"), {"fichier": fichier})
    return response, mesure


def test_bomb_is_refused_by_the_import_screen_before_anything_is_stored(
    settings, client, facilitateur, communes
):
    fabriquer, attendu = HOSTILES["feuille-gonflee"]
    response, mesure = _envoyer(client, fabriquer())

    assert response.status_code == 200  # the form again, the error next to the field
    assert f"Le fichier « classeur.xlsx » {attendu}" in response.content.decode()
    h.assert_borne(mesure)
    assert not Document.objects.exists()
    assert not ImportClauses.objects.exists()
    _rien_importe()


def test_workbook_beyond_its_dimensions_is_refused_then_next_import_runs(
    client, facilitateur, communes, tmp_path
):
    fabriquer, attendu = HOSTILES["ligne-2000000000"]
    response, mesure = _envoyer(client, fabriquer())

    refuse = ImportClauses.objects.get()
    assert response["Location"] == refuse.get_absolute_url()
    assert refuse.statut == ImportClauses.Statut.REFUSE
    page = client.get(refuse.get_absolute_url()).content.decode()
    assert attendu.replace("'", "&#x27;") in page
    h.assert_borne(mesure)
    _rien_importe()

    # The background task failed cleanly: the next import is read and written.
    with ecrire_xlsx(generer(graine=33), tmp_path / "bon.xlsx").open("rb") as f:
        client.post(reverse("clauses:import"), {"fichier": f})
    assert ImportClauses.objects.order_by("-pk").first().statut == ImportClauses.Statut.IMPORTE
    assert HeuresMensuelles.objects.exists()


# --- DECP and pabulib ------------------------------------------------------------------------


def test_decp_file_beyond_the_record_limit_is_refused(settings, tmp_path):
    settings.IMPORT_LIGNES_MAX = 1000
    marche = {"id": "2024-001", "acheteur": {"id": "21320013900015"}, "objet": "Travaux"}
    chemin = tmp_path / "decp.json"
    with chemin.open("w") as f:
        f.write('{"marches": [')
        f.write(",".join(json.dumps(marche | {"id": f"2024-{i}"}) for i in range(100_000)))
        f.write("]}")

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("clauses_import_decp", str(chemin))

    assert "Le fichier DECP contient plus de 1\u202f000 marchés, la limite d'un import" in str(
        refus.value
    )
    h.assert_borne(mesure)
    assert not Marche.objects.exists()


def test_decp_file_beyond_the_import_size_is_refused_unread(settings, tmp_path):
    settings.IMPORT_TAILLE_MAX = h.MO
    chemin = tmp_path / "decp.json"
    chemin.write_bytes(b'{"marches": [' + b" " * (2 * h.MO) + b"]}")

    with h.mesurer() as mesure, pytest.raises(CommandError, match="Le fichier dépasse 1 Mo"):
        call_command("clauses_import_decp", str(chemin))
    h.assert_borne(mesure, pic_mo=5)


def test_pabulib_file_beyond_the_row_limit_is_refused(settings, tmp_path):
    from territoires.participation.models import Campagne

    settings.IMPORT_LIGNES_MAX = 1000
    chemin = tmp_path / "vote.pb"
    votes = "".join(f"{i};1\n" for i in range(100_000))
    chemin.write_text(
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n"
        + votes
    )

    with h.mesurer() as mesure, pytest.raises(CommandError) as refus:
        call_command("budget_import_pabulib", str(chemin))

    assert "Le fichier dépasse 1000 lignes, la limite d'un import" in str(refus.value)
    h.assert_borne(mesure)
    assert not Campagne.objects.exists()
