"""Reading deposited files: formats, encodings, separators, detected types, typed rows, and
hostile files refused fast with a French message (every file is built on the fly)."""

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from territoires.opendata import lecture
from territoires.opendata.lecture import LectureError
from territoires.opendata.tabulaire import Colonne
from tests import hostiles as h


def _ecrire(tmp_path: Path, nom: str, contenu: bytes) -> Path:
    chemin = tmp_path / nom
    chemin.write_bytes(contenu)
    return chemin


def _types(apercu) -> dict[str, str]:
    return {c.nom: c.type for c in apercu.colonnes}


def _lire(chemin: Path, apercu, types: dict[str, str] | None = None, erreurs=None) -> list:
    colonnes = [Colonne(c.nom, (types or {}).get(c.nom, c.type)) for c in apercu.colonnes]
    return list(
        lecture.rows_read(
            path=chemin,
            format=apercu.format,
            encodage=apercu.encodage,
            separateur=apercu.separateur,
            colonnes=colonnes,
            erreurs=erreurs,
        )
    )


CSV_EXCEL = (
    "Nom de l'équipement;Montant;Date de mise en service;Accessible;Code INSEE;Latitude;lon\r\n"
    "École élémentaire;12,5;31/01/2024;oui;01053;43,6109;3,8772\r\n"
    "Médiathèque;1 234,56;01/02/2024;non;34172;43,62;3,88\r\n"
    "Gymnase;-7;15/03/2023;Oui;34003;43,3;3,2\r\n"
)


def test_csv_excel_francais_cp1252_point_virgule(tmp_path):
    chemin = _ecrire(tmp_path, "equipements.csv", CSV_EXCEL.encode("cp1252"))

    apercu = lecture.file_inspect(path=chemin, nom="équipements.csv")

    assert (apercu.format, apercu.encodage, apercu.separateur) == ("csv", "cp1252", ";")
    assert _types(apercu) == {
        "Nom de l'équipement": "texte",
        "Montant": "decimal",
        "Date de mise en service": "date",
        "Accessible": "booleen",
        "Code INSEE": "texte",  # « 01053 » keeps its leading zero
        "Latitude": "latitude",
        "lon": "longitude",
    }
    assert apercu.lignes[0] == [
        "École élémentaire",
        "12,5",
        "31/01/2024",
        "oui",
        "01053",
        "43,6109",
        "3,8772",
    ]
    lignes = _lire(chemin, apercu)
    assert lignes[1] == (
        "Médiathèque",
        Decimal("1234.56"),
        datetime.date(2024, 2, 1),
        False,
        "34172",
        43.62,
        3.88,
    )
    assert [ligne[1] for ligne in lignes] == [Decimal("12.5"), Decimal("1234.56"), Decimal(-7)]


def test_csv_utf8_bom_virgule_et_guillemets(tmp_path):
    contenu = (
        'commune,population,"adresse, complète",mise_a_jour\n'
        'Montpellier,"299 096","1 place Georges-Frêche\nMontpellier",2024-01-01\n'
        "Sète,44 270,Quai,2023-12-31\n"
    )
    chemin = _ecrire(tmp_path, "communes.csv", b"\xef\xbb\xbf" + contenu.encode())

    apercu = lecture.file_inspect(path=chemin, nom="communes.csv")

    assert (apercu.encodage, apercu.separateur) == ("utf-8-sig", ",")
    assert [c.nom for c in apercu.colonnes][0] == "commune"  # no BOM in the name
    assert _types(apercu)["population"] == "entier"
    assert _types(apercu)["mise_a_jour"] == "date"
    lignes = _lire(chemin, apercu)
    assert lignes[0] == (
        "Montpellier",
        299096,
        "1 place Georges-Frêche\nMontpellier",
        datetime.date(2024, 1, 1),
    )


def test_csv_tabulation_et_fins_de_ligne_mac(tmp_path):
    contenu = "code\tlibelle\tactif\r1\tun\ttrue\r2\tdeux\tfalse\r"
    chemin = _ecrire(tmp_path, "codes.csv", contenu.encode())

    apercu = lecture.file_inspect(path=chemin, nom="codes.csv")

    assert (apercu.encodage, apercu.separateur) == ("utf-8", "\t")
    assert _types(apercu) == {"code": "entier", "libelle": "texte", "actif": "booleen"}
    assert _lire(chemin, apercu) == [(1, "un", True), (2, "deux", False)]


def test_encodage_juge_sur_tout_le_fichier(tmp_path):
    """A Windows-1252 accent far after the first Mo of plain ASCII still decides the encoding."""
    contenu = "commune;code\n" + "Agde;34003\n" * 200_000 + "Hérépian;34126\n"
    chemin = _ecrire(tmp_path, "tard.csv", contenu.encode("cp1252"))
    apercu = lecture.file_inspect(path=chemin, nom="tard.csv")
    assert apercu.encodage == "cp1252"
    assert _lire(chemin, apercu)[-1] == ("Hérépian", 34126)


def test_csv_barre_verticale(tmp_path):
    chemin = _ecrire(tmp_path, "p.csv", b"a|b\n1|x\n2|y\n")
    assert lecture.file_inspect(path=chemin, nom="p.csv").separateur == "|"


def test_cellules_invalides_signalees_en_francais_avec_le_type_choisi(tmp_path):
    contenu = "libelle;montant;date\nA;12,5;01/02/2024\nB;abc;2024-13-01\nC;;\n"
    chemin = _ecrire(tmp_path, "m.csv", contenu.encode())
    apercu = lecture.file_inspect(path=chemin, nom="m.csv")
    assert _types(apercu) == {"libelle": "texte", "montant": "texte", "date": "texte"}

    erreurs = []
    lignes = _lire(chemin, apercu, {"montant": "decimal", "date": "date"}, erreurs)

    assert lignes == [
        ("A", Decimal("12.5"), datetime.date(2024, 2, 1)),
        ("B", None, None),
        ("C", None, None),  # empty cells are None, never an error
    ]
    assert [(e.ligne, e.colonne, e.valeur) for e in erreurs] == [
        (3, "montant", "abc"),
        (3, "date", "2024-13-01"),
    ]
    assert erreurs[0].message == (
        "ligne 3, colonne « montant » : « abc » n'est pas un nombre décimal"
    )


def test_plafond_des_erreurs(tmp_path):
    contenu = "n\n" + "x\n" * 50
    chemin = _ecrire(tmp_path, "n.csv", contenu.encode())
    apercu = lecture.file_inspect(path=chemin, nom="n.csv")
    erreurs = []
    lignes = list(
        lecture.rows_read(
            path=chemin,
            format="csv",
            encodage=apercu.encodage,
            separateur=apercu.separateur,
            colonnes=[Colonne("n", "entier")],
            erreurs=erreurs,
            erreurs_max=10,
        )
    )
    assert len(lignes) == 50
    assert len(erreurs) == 10


def test_trop_de_lignes(tmp_path, settings):
    settings.DONNEES_LIGNES_MAX = 100
    chemin = _ecrire(tmp_path, "l.csv", ("n\n" + "1\n" * 101).encode())
    apercu = lecture.file_inspect(path=chemin, nom="l.csv")
    with pytest.raises(LectureError, match="dépasse 100 lignes"):
        _lire(chemin, apercu)


def test_colonne_absente_du_fichier(tmp_path):
    chemin = _ecrire(tmp_path, "a.csv", b"a;b\n1;2\n")
    with pytest.raises(LectureError, match="n'a pas les colonnes : « c »"):
        list(
            lecture.rows_read(
                path=chemin,
                format="csv",
                encodage="utf-8",
                separateur=";",
                colonnes=[Colonne("c", "texte")],
            )
        )


def test_binaire_deguise_en_csv(tmp_path):
    chemin = _ecrire(tmp_path, "donnees.csv", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)))
    with pytest.raises(LectureError, match="n'est pas un CSV : son contenu est binaire"):
        lecture.file_inspect(path=chemin, nom="donnees.csv")


def test_fichier_vide(tmp_path):
    chemin = _ecrire(tmp_path, "vide.csv", b"\n\n")
    with pytest.raises(LectureError, match="vide"):
        lecture.file_inspect(path=chemin, nom="vide.csv")


def test_format_inconnu(tmp_path):
    chemin = _ecrire(tmp_path, "a.docx", b"x")
    with pytest.raises(LectureError, match="CSV, XLSX, ODS, JSON ou GeoJSON"):
        lecture.file_inspect(path=chemin, nom="a.docx")


def test_csv_d_une_seule_ligne_de_200_mo_refuse_borne(tmp_path, settings):
    settings.IMPORT_TAILLE_MAX = 250 * h.MO
    chemin = tmp_path / "ligne.csv"
    with open(chemin, "wb") as f:
        bloc = b"a;" * (h.MO // 2)
        for _ in range(200):
            f.write(bloc)

    with h.mesurer() as mesure, pytest.raises(LectureError, match="La ligne 1 du fichier dépasse"):
        lecture.file_inspect(path=chemin, nom="ligne.csv")
    h.assert_borne(mesure, secondes=5.0, pic_mo=40.0)


def test_csv_trop_gros_refuse_avant_lecture(tmp_path, settings):
    settings.IMPORT_TAILLE_MAX = h.MO
    chemin = _ecrire(tmp_path, "gros.csv", b"a\n" + b"1\n" * h.MO)
    with pytest.raises(LectureError, match="taille maximale"):
        lecture.file_inspect(path=chemin, nom="gros.csv")


def test_memoire_plate_sur_200_000_lignes(tmp_path):
    chemin = tmp_path / "grand.csv"
    with open(chemin, "w", encoding="cp1252", newline="") as f:
        f.write("id;libellé;montant;date;lat\r\n")
        for i in range(200_000):
            f.write(f"{i};Équipement n°{i};{i},5;{1 + i % 28:02d}/01/2024;43,{i % 1000}\r\n")
    apercu = lecture.file_inspect(path=chemin, nom="grand.csv")
    assert _types(apercu) == {
        "id": "entier",
        "libellé": "texte",
        "montant": "decimal",
        "date": "date",
        "lat": "latitude",
    }

    nombre = 0
    with h.mesurer() as mesure:
        for ligne in _lire_flux(chemin, apercu):
            nombre += 1
            dernier = ligne
    assert nombre == 200_000
    assert dernier[0] == 199_999
    assert mesure.pic_mo < 10, f"pic de mémoire de {mesure.pic_mo:.1f} Mo"


def _lire_flux(chemin, apercu):
    return lecture.rows_read(
        path=chemin,
        format=apercu.format,
        encodage=apercu.encodage,
        separateur=apercu.separateur,
        colonnes=[Colonne(c.nom, c.type) for c in apercu.colonnes],
    )


# --- Workbooks --------------------------------------------------------------------------------


def test_xlsx_premiere_feuille_dates_et_nombres(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.title = "Équipements"
    feuille.append(["nom", "montant", "mise en service", "accessible", "code"])
    feuille.append(["École", 12.5, datetime.date(2024, 1, 31), True, "01053"])
    feuille.append(["Mairie", 3, datetime.date(2024, 2, 1), False, "34172"])
    feuille.append([None, None, None, None, None])
    feuille.append(["Stade", 1234.75, datetime.date(2023, 12, 31), None, "34003"])
    classeur.create_sheet("Notes").append(["ignorée"])
    chemin = tmp_path / "equipements.xlsx"
    classeur.save(chemin)

    apercu = lecture.file_inspect(path=chemin, nom="equipements.xlsx")

    assert (apercu.format, apercu.encodage, apercu.separateur) == ("xlsx", "", "")
    assert _types(apercu) == {
        "nom": "texte",
        "montant": "decimal",
        "mise en service": "date",
        "accessible": "booleen",
        "code": "texte",
    }
    assert apercu.lignes[0] == ["École", "12.5", "2024-01-31", "vrai", "01053"]
    assert _lire(chemin, apercu) == [
        ("École", Decimal("12.5"), datetime.date(2024, 1, 31), True, "01053"),
        ("Mairie", Decimal(3), datetime.date(2024, 2, 1), False, "34172"),
        ("Stade", Decimal("1234.75"), datetime.date(2023, 12, 31), None, "34003"),
    ]


OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _ods(tables: str) -> bytes:
    """A minimal ODS written by hand: mimetype, manifest, content.xml."""
    contenu = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        f'xmlns:office="{OFFICE}" xmlns:table="{TABLE}" xmlns:text="{TEXT}" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0"/>',
        )
        archive.writestr("content.xml", contenu)
    return sortie.getvalue()


def _cellule(valeur: str = "", **attributs) -> str:
    attrs = "".join(
        f' {k.replace("__", ":").replace("_", "-")}="{v}"' for k, v in attributs.items()
    )
    texte = f"<text:p>{valeur}</text:p>" if valeur else ""
    return f"<table:table-cell{attrs}>{texte}</table:table-cell>"


def _ligne(*cellules: str, repetee: int = 1) -> str:
    attr = f' table:number-rows-repeated="{repetee}"' if repetee > 1 else ""
    return f"<table:table-row{attr}>{''.join(cellules)}</table:table-row>"


def test_ods_premiere_table_valeurs_typees_et_repetitions(tmp_path):
    table = (
        '<table:table table:name="Lieux">'
        + _ligne(_cellule("nom"), _cellule("montant"), _cellule("date"), _cellule("ouvert"))
        + _ligne(
            "<table:table-cell><text:p>Salle<text:s/>des fêtes</text:p>"
            "<office:annotation><text:p>note cachée</text:p></office:annotation>"
            "</table:table-cell>",
            _cellule("12,50 €", office__value_type="currency", office__value="12.5"),
            _cellule("31/01/2024", office__value_type="date", office__date_value="2024-01-31"),
            _cellule("VRAI", office__value_type="boolean", office__boolean_value="true"),
        )
        + _ligne(
            _cellule("Stade"),
            _cellule("3", office__value_type="float", office__value="3"),
            _cellule(),
            _cellule("FAUX", office__value_type="boolean", office__boolean_value="false"),
            '<table:table-cell table:number-columns-repeated="16000"/>',
        )
        # LibreOffice ends a sheet with a million empty rows: counted, never produced.
        + _ligne('<table:table-cell table:number-columns-repeated="1024"/>', repetee=1048570)
        + "</table:table>"
        + '<table:table table:name="Autre">'
        + _ligne(_cellule("ignorée"))
        + "</table:table>"
    )
    chemin = _ecrire(tmp_path, "lieux.ods", _ods(table))

    with h.mesurer() as mesure:
        apercu = lecture.file_inspect(path=chemin, nom="lieux.ods")
    h.assert_borne(mesure)

    assert apercu.format == "ods"
    assert _types(apercu) == {
        "nom": "texte",
        "montant": "decimal",
        "date": "date",
        "ouvert": "booleen",
    }
    assert apercu.lignes == [
        ["Salle des fêtes", "12.5", "2024-01-31", "vrai"],
        ["Stade", "3", "", "faux"],
    ]
    assert _lire(chemin, apercu) == [
        ("Salle des fêtes", Decimal("12.5"), datetime.date(2024, 1, 31), True),
        ("Stade", Decimal(3), None, False),
    ]


def test_ods_ligne_repetee_comptee_dans_la_limite(tmp_path, settings):
    settings.DONNEES_LIGNES_MAX = 1000
    table = (
        '<table:table table:name="T">'
        + _ligne(_cellule("n"))
        + _ligne(_cellule("1", office__value_type="float", office__value="1"), repetee=5000)
        + "</table:table>"
    )
    chemin = _ecrire(tmp_path, "r.ods", _ods(table))
    with pytest.raises(LectureError, match="dépasse 1\u202f000 lignes"):
        lecture.file_inspect(path=chemin, nom="r.ods")


def _classeur_bombe(annonce: int | None = None) -> bytes:
    return h.classeur(
        marches=h.membre_gonfle(
            "xl/worksheets/sheet1.xml", 1024 * h.MO, debut=h.SHEET_DEBUT.encode(), annonce=annonce
        ),
        heures=h.feuille(""),
    )


@pytest.mark.parametrize(
    ("annonce", "message"),
    [
        (None, "contient une partie qui dépasse 250 Mo une fois décompressée"),
        # A lying header: the bytes really inflated are counted while reading.
        (1000, "« bombe.xlsx » est endommagé"),
    ],
    ids=["annoncee", "menteuse"],
)
def test_xlsx_bombe_refusee_vite_par_la_garde(tmp_path, annonce, message):
    chemin = _ecrire(tmp_path, "bombe.xlsx", _classeur_bombe(annonce))
    with h.mesurer() as mesure, pytest.raises(LectureError, match=message):
        apercu = lecture.file_inspect(path=chemin, nom="bombe.xlsx")
        _lire(chemin, apercu)
    h.assert_borne(mesure, secondes=10.0)


def test_ods_bombe_refusee_vite_par_la_garde(tmp_path):
    bombe = h.zip_brut(
        [
            h.membre("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            h.membre_gonfle("content.xml", 1024 * h.MO, debut=b"<office:document-content>"),
        ]
    )
    chemin = _ecrire(tmp_path, "bombe.ods", bombe)
    with h.mesurer() as mesure, pytest.raises(LectureError, match="dépasse 250 Mo"):
        lecture.file_inspect(path=chemin, nom="bombe.ods")
    h.assert_borne(mesure)


def test_classeur_renomme_en_csv(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    classeur = openpyxl.Workbook()
    classeur.active.append(["a", "b"])
    chemin = tmp_path / "donnees.csv"
    classeur.save(chemin)
    with pytest.raises(LectureError, match="n'est pas un CSV : son contenu est binaire"):
        lecture.file_inspect(path=chemin, nom="donnees.csv")


def test_xlsx_qui_n_en_est_pas_un(tmp_path):
    chemin = _ecrire(tmp_path, "faux.xlsx", CSV_EXCEL.encode())
    with pytest.raises(LectureError, match="n'est pas un classeur XLSX lisible"):
        lecture.file_inspect(path=chemin, nom="faux.xlsx")


def test_classeur_avec_dtd_refuse(tmp_path):
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    chemin = _ecrire(tmp_path, "dtd.ods", sortie.getvalue())
    with pytest.raises(LectureError, match="DTD"):
        lecture.file_inspect(path=chemin, nom="dtd.ods")
