"""Import des cantons depuis les fichiers du COG de l'INSEE (fichiers synthétiques : les noms
et compositions ci-dessous sont fictifs, seuls les formats sont ceux de l'INSEE)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territoires.referentiel.models import Canton
from territoires.referentiel.selectors import canton_par_commune, cantons_charges

from .factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db

ENTETE_CANTONS = "CAN,DEP,REG,COMPCT,BURCENTRAL,TNCC,NCC,NCCENR,LIBELLE,TYPECT"
ENTETE_COMMUNES = "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT"


@pytest.fixture
def communes():
    DepartementFactory(code="32")
    return [CommuneFactory(code=f"9900{i}", nom=f"Exemple-{i}") for i in range(1, 5)]


def fichiers(tmp_path, cantons: list[str], communes: list[str]):
    c = tmp_path / "v_canton_2099.csv"
    m = tmp_path / "v_commune_2099.csv"
    c.write_text("\n".join([ENTETE_CANTONS, *cantons]) + "\n", encoding="utf-8")
    m.write_text("\n".join([ENTETE_COMMUNES, *communes]) + "\n", encoding="utf-8")
    return c, m


CANTONS = [
    "3201,32,76,1,99001,0,FICTIF NORD,Fictif Nord,Fictif-Nord,C",
    "3202,32,76,1,99003,0,FICTIF SUD,Fictif Sud,Fictif-Sud,C",
    "3101,31,76,1,31555,0,AILLEURS,Ailleurs,Ailleurs,C",
]
COMMUNES = [
    "COM,99001,76,32,32D,322,0,EXEMPLE 1,Exemple 1,Exemple-1,3201,",
    "COM,99002,76,32,32D,322,0,EXEMPLE 2,Exemple 2,Exemple-2,3201,",
    "COM,99003,76,32,32D,322,0,EXEMPLE 3,Exemple 3,Exemple-3,3202,",
    "COM,99004,76,32,32D,322,0,EXEMPLE 4,Exemple 4,Exemple-4,3202,",
    # Une commune déléguée n'a pas de canton dans le COG : ignorée.
    "COMD,99005,76,32,32D,322,0,DELEGUEE,Déléguée,Déléguée,,99004",
    # Un autre département : hors du périmètre importé.
    "COM,31555,76,31,31D,311,0,AILLEURS,Ailleurs,Ailleurs,3101,",
]


def importer(c, m, *args):
    out, err = StringIO(), StringIO()
    call_command(
        "referentiel_import_cantons", "--cantons", c, "--communes", m, *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_import_des_cantons_et_de_leurs_communes(tmp_path, communes):
    assert not cantons_charges("32")
    c, m = fichiers(tmp_path, CANTONS, COMMUNES)
    sortie, _ = importer(c, m, "--departement", "32")
    assert "2 créés" in sortie
    assert "4 commune(s) rattachée(s)" in sortie
    nord = Canton.objects.get(code="3201")
    assert nord.nom == "Fictif-Nord"
    assert nord.type == Canton.Type.CANTON
    assert nord.departement.code == "32"
    assert sorted(nord.communes.values_list("code", flat=True)) == ["99001", "99002"]
    assert not Canton.objects.filter(code="3101").exists()
    assert cantons_charges("32")
    par_commune = canton_par_commune("32")
    assert par_commune["99003"].code == "3202"
    assert len(par_commune) == 4


def test_import_idempotent_et_mise_a_jour(tmp_path, communes):
    c, m = fichiers(tmp_path, CANTONS, COMMUNES)
    importer(c, m)
    sortie, _ = importer(c, m)
    assert "0 créés, 0 mis à jour, 0 rendus obsolètes" in sortie
    # La commune 99002 change de canton ; le canton Sud disparaît du fichier suivant.
    autres = [COMMUNES[0], COMMUNES[1].replace(",3201,", ",3202,"), COMMUNES[2], COMMUNES[3]]
    c, m = fichiers(tmp_path, CANTONS, autres)
    sortie, _ = importer(c, m)
    assert "2 mis à jour" in sortie  # l'un perd la commune, l'autre la gagne
    assert sorted(Canton.objects.get(code="3202").communes.values_list("code", flat=True)) == [
        "99002",
        "99003",
        "99004",
    ]
    c, m = fichiers(tmp_path, CANTONS[:1], [COMMUNES[0], COMMUNES[1].replace(",3202,", ",3201,")])
    sortie, _ = importer(c, m)
    assert "1 rendus obsolètes" in sortie
    sud = Canton.objects.get(code="3202")
    assert sud.obsolete and not sud.communes.exists()


def test_tout_ou_rien_avec_les_erreurs_ligne_par_ligne(tmp_path, communes):
    cantons = [*CANTONS, "3203,32,76,1,99001,0,X,X,X,Z", ",32,76,1,,0,,,,C"]
    mauvaises = [
        *COMMUNES,
        "COM,99006,76,32,32D,322,0,INCONNUE,Inconnue,Inconnue,3201,",
        "COM,99001,76,32,32D,322,0,EXEMPLE 1,Exemple 1,Exemple-1,3299,",
    ]
    c, m = fichiers(tmp_path, cantons, mauvaises)
    with pytest.raises(CommandError, match="4 erreur\\(s\\) : rien n'a été importé"):
        importer(c, m)
    assert not Canton.objects.exists()


def test_les_erreurs_sont_rapportees_par_ligne(tmp_path, communes):
    from territoires.referentiel.services import CantonsImportError, cantons_import

    cantons = [*CANTONS, "3203,32,76,1,99001,0,X,X,X,Z"]
    mauvaises = [*COMMUNES, "COM,99006,76,32,32D,322,0,INCONNUE,Inconnue,Inconnue,3201,"]
    c, m = fichiers(tmp_path, cantons, mauvaises)
    with pytest.raises(CantonsImportError) as erreur:
        cantons_import(fichier_cantons=c, fichier_communes=m, departements=["32"])
    assert erreur.value.erreurs == [
        "v_canton_2099.csv, ligne 5 : type de canton « Z » inconnu (C, V ou N).",
        "v_commune_2099.csv, ligne 8 : commune 99006 (Inconnue) inconnue du référentiel "
        "(millésime différent ? mettez à jour le référentiel).",
    ]


def test_colonnes_verifiees(tmp_path, communes):
    c, m = fichiers(tmp_path, CANTONS, COMMUNES)
    c.write_text("CAN;DEP;LIBELLE\n3201;32;Fictif\n", encoding="utf-8")
    with pytest.raises(CommandError):
        importer(c, m)
    assert not Canton.objects.exists()


def test_separateur_point_virgule_accepte(tmp_path, communes):
    c, m = fichiers(
        tmp_path,
        [ligne.replace(",", ";") for ligne in CANTONS],
        [ligne.replace(",", ";") for ligne in COMMUNES],
    )
    for f in (c, m):
        f.write_text(f.read_text().replace(",", ";"), encoding="utf-8")
    importer(c, m)
    assert Canton.objects.count() == 2


def test_departement_absent_du_referentiel(tmp_path, communes):
    c, m = fichiers(tmp_path, CANTONS, COMMUNES)
    with pytest.raises(CommandError):
        importer(c, m, "--departement", "31")


def test_cli_territoires(tmp_path, communes, capsys):
    from territoires.__main__ import main

    c, m = fichiers(tmp_path, CANTONS, COMMUNES)
    main(
        ["territoires", "referentiel", "import-cantons", "--cantons", str(c), "--communes", str(m)]
    )
    assert "2 créés" in capsys.readouterr().out
