"""The shared XLSX reader (core/tableurs/xlsx.py): typed values, bounds, refusals typed."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from territoires.core import zipguard
from territoires.core.tableurs import xlsx


def _classeur(lignes, *, nom="donnees", formats=None) -> bytes:
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = nom
    for ligne in lignes:
        feuille.append(ligne)
    for reference, format_ in (formats or {}).items():
        feuille[reference].number_format = format_
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()


def _lire(contenu: bytes, *, lignes_max=100, colonnes_max=10, textes_max=100):
    with zipguard.ArchiveSure(io.BytesIO(contenu), nom="c.xlsx") as archive:
        chemin, en_1904 = xlsx.premiere_feuille(archive)
        partages = xlsx.textes_partages(archive, maximum=textes_max, taille_max=10**6)
        return list(
            xlsx.lignes(
                archive,
                chemin,
                partages=partages,
                lignes_max=lignes_max,
                colonnes_max=colonnes_max,
                styles=xlsx.styles_date(archive),
                en_1904=en_1904,
            )
        )


def test_valeurs_typees_et_dates_par_leur_style():
    contenu = _classeur(
        [["nom", "n", "x", "ok", "le"], ["Auch", 3, 2.5, True, datetime.date(2024, 5, 17)]],
        formats={"E2": "dd/mm/yyyy"},
    )
    assert _lire(contenu) == [
        (1, ["nom", "n", "x", "ok", "le"]),
        (2, ["Auch", 3, 2.5, True, datetime.date(2024, 5, 17)]),
    ]


def test_feuilles_dans_l_ordre_du_classeur():
    classeur = openpyxl.Workbook()
    classeur.active.title = "marches"
    classeur.create_sheet("heures")
    flux = io.BytesIO()
    classeur.save(flux)
    with zipguard.ArchiveSure(io.BytesIO(flux.getvalue()), nom="c.xlsx") as archive:
        trouvees, en_1904 = xlsx.feuilles(archive)
    assert [nom for nom, _ in trouvees] == ["marches", "heures"]
    assert en_1904 is False


def test_trop_de_lignes_arrete_la_lecture():
    contenu = _classeur([[i] for i in range(20)])
    with pytest.raises(xlsx.TropDeLignes):
        _lire(contenu, lignes_max=5)


def test_trop_de_colonnes_dit_sa_ligne():
    contenu = _classeur([["a"], list(range(12))])
    with pytest.raises(xlsx.TropDeColonnes) as erreur:
        _lire(contenu)
    assert erreur.value.numero == 2


def _remplacer(contenu: bytes, partie: str, xml: bytes) -> bytes:
    entree, sortie = zipfile.ZipFile(io.BytesIO(contenu)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as copie:
        for info in entree.infolist():
            copie.writestr(info, xml if info.filename == partie else entree.read(info))
        if partie not in entree.namelist():
            copie.writestr(partie, xml)
    return sortie.getvalue()


def test_trop_de_textes_partages():
    textes = b"".join(b"<si><t>texte %d</t></si>" % i for i in range(12))
    partages = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % textes
    )
    contenu = _remplacer(_classeur([["a"]]), "xl/sharedStrings.xml", partages)
    with pytest.raises(xlsx.TropDeTextes) as erreur:
        _lire(contenu, textes_max=5)
    assert erreur.value.maximum == 5


def test_une_dtd_est_refusee():
    contenu = _remplacer(
        _classeur([["a"]]),
        "xl/worksheets/sheet1.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>',
    )
    with pytest.raises(xlsx.DtdInterdite):
        _lire(contenu)


def test_cellule_illisible_dit_sa_ligne_et_son_texte():
    feuille = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="4"><c r="A4"><v>pas un nombre</v></c></row></sheetData></worksheet>'
    )
    contenu = _remplacer(_classeur([["a"]]), "xl/worksheets/sheet1.xml", feuille)
    with pytest.raises(xlsx.CelluleIllisible) as erreur:
        _lire(contenu)
    assert (erreur.value.numero, erreur.value.texte) == (4, "pas un nombre")
