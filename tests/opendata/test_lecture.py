"""Reading deposited files: formats, encodings, separators, detected types, typed rows, and
hostile files refused fast with a French message (every file is built on the fly)."""

import datetime
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
    settings.IMPORT_LIGNES_MAX = 100
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
