"""Validation of typed rows against the shipped national schemas: a valid SCDL file is
conforming; each broken cell is reported at its row and column, in French."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from stdnum import luhn

from territoires.opendata import lecture, validation
from territoires.opendata.tabulaire import Colonne


def _siret(siren: str, nic: str) -> str:
    """A valid SIRET (SIREN and SIRET Luhn keys) from 8 + 4 digits."""
    siren += luhn.calc_check_digit(siren)
    return siren + nic + luhn.calc_check_digit(siren + nic)


DEPARTEMENT = _siret("22340001", "0001")
ASSOCIATION = _siret("78200554", "0001")
ENTETE = (
    "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,"
    "idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,"
    "datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide"
)


def _ligne(**remplace) -> str:
    valeurs = {
        "nomAttribuant": "Département de l'Hérault",
        "idAttribuant": DEPARTEMENT,
        "dateConvention": "2026-03-12",
        "referenceDecision": "CP-2026-03-103",
        "nomBeneficiaire": "Association Les Petits Débrouillards",
        "idBeneficiaire": ASSOCIATION,
        "rnaBeneficiaire": "",
        "objet": "Ateliers scientifiques dans les collèges",
        "montant": "47800.20",
        "nature": "aide en numéraire",
        "conditionsVersement": "unique",
        "datesPeriodeVersement": "2026-04-01",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }
    valeurs.update(remplace)
    return ",".join(f'"{v}"' if "," in v else v for v in valeurs.values())


def _valider(tmp_path, contenu, nom="scdl-subventions", entete=ENTETE, erreurs=None):
    chemin = tmp_path / "subventions.csv"
    chemin.write_text(entete + "\n" + contenu, encoding="utf-8")
    apercu = lecture.file_inspect(path=chemin, nom="subventions.csv")
    # Types prefilled from the schema, as the publication screen does.
    types = {c.nom: c.type for c in validation.schema_columns(nom=nom)}
    colonnes = [Colonne(c.nom, types.get(c.nom, c.type)) for c in apercu.colonnes]
    lignes = lecture.rows_read(
        path=chemin,
        format=apercu.format,
        encodage=apercu.encodage,
        separateur=apercu.separateur,
        colonnes=colonnes,
        erreurs=erreurs,
    )
    return validation.schema_validate(nom=nom, colonnes=colonnes, lignes=lignes)


def test_schemas_livres():
    livres = {s.nom: s for s in validation.schemas_available()}
    assert {
        "scdl-subventions",
        "scdl-equipements",
        "scdl-deliberations",
        "scdl-catalogue",
        "lieux-covoiturage",
    } <= set(livres)
    assert livres["scdl-subventions"].version == "2.1.1"
    assert all(s.source.startswith("https://schema.data.gouv.fr/") for s in livres.values())
    sources = (Path(validation.DOSSIER) / "SOURCE.md").read_text()
    for nom in livres:
        assert f"`{nom}`" in sources


def test_colonnes_du_schema_pour_preremplir_les_types():
    colonnes = validation.schema_columns(nom="scdl-subventions")
    assert colonnes[:3] == [
        Colonne("nomAttribuant", "texte"),
        Colonne("idAttribuant", "texte"),
        Colonne("dateConvention", "date"),
    ]
    assert Colonne("montant", "decimal") in colonnes
    assert Colonne("notificationUE", "booleen") in colonnes
    equipements = validation.schema_columns(nom="scdl-equipements")
    assert Colonne("EQUIP_LAT", "latitude") in equipements
    assert Colonne("ERP_CATEGORIE", "entier") in equipements


def test_schema_inconnu():
    with pytest.raises(ValueError, match="n'est pas livré"):
        validation.schema_columns(nom="inconnu")


def test_fichier_scdl_valide_est_conforme(tmp_path):
    contenu = "\n".join(
        [
            _ligne(),
            _ligne(
                idBeneficiaire="",
                rnaBeneficiaire="W343000123",
                nature="aide en nature;aide en numéraire",
                montant="1200",
                pourcentageSubvention="0.5",
                datesPeriodeVersement="2026-04-01/2027-03-31",
                notificationUE="oui",
            ),
        ]
    )

    rapport = _valider(tmp_path, contenu)

    assert rapport.erreurs == []
    assert (rapport.valide, rapport.total) == (True, 0)
    assert rapport.as_json() == {
        "schema": "scdl-subventions",
        "valide": True,
        "erreurs": [],
        "total": 0,
    }


def test_chaque_erreur_a_sa_ligne_et_sa_colonne_en_francais(tmp_path):
    contenu = "\n".join(
        [
            _ligne(),
            _ligne(idAttribuant="12345678901234"),  # 14 digits, wrong Luhn key
            _ligne(dateConvention="12 mars 2026"),  # not a date
            _ligne(montant="-150"),
            _ligne(nomBeneficiaire=""),
            _ligne(idBeneficiaire="1234"),
            _ligne(nature="subvention"),
            _ligne(pourcentageSubvention="1.5"),
            _ligne(notificationUE="peut-être"),
            _ligne(idBeneficiaire="", rnaBeneficiaire=""),
        ]
    )

    erreurs_lecture = []
    rapport = _valider(tmp_path, contenu, erreurs=erreurs_lecture)

    assert not rapport.valide
    assert [(e.ligne, e.colonne) for e in rapport.erreurs] == [
        (3, "idAttribuant"),
        (4, "dateConvention"),
        (5, "montant"),
        (6, "nomBeneficiaire"),
        (7, "idBeneficiaire"),
        (8, "nature"),
        (9, "pourcentageSubvention"),
        (10, "notificationUE"),
        (11, "idBeneficiaire"),
    ]
    messages = [e.message for e in rapport.erreurs]
    assert messages[0] == (
        "ligne 3, colonne « idAttribuant » : « 12345678901234 » n'est pas un numéro SIRET "
        "valide (sa clé de contrôle est fausse)"
    )
    assert messages[2] == (
        "ligne 5, colonne « montant » : « -150 » est inférieur au minimum autorisé (0)"
    )
    # The reader typed the columns as the schema says: a date or a oui / non it cannot read is
    # its error (with the reason), and an unreadable required cell for the validation.
    assert messages[1] == (
        "ligne 4, colonne « dateConvention » : valeur obligatoire manquante ou illisible"
    )
    assert [e.message for e in erreurs_lecture] == [
        "ligne 4, colonne « dateConvention » : « 12 mars 2026 » n'est pas une date "
        "(JJ/MM/AAAA ou AAAA-MM-JJ)",
        "ligne 10, colonne « notificationUE » : « peut-être » n'est pas un oui / non",
    ]
    assert messages[3] == (
        "ligne 6, colonne « nomBeneficiaire » : valeur obligatoire manquante ou illisible"
    )
    assert "ne respecte pas le format attendu (motif ^\\d{14}$)" in messages[4]
    assert (
        "n'est pas une valeur autorisée (valeurs possibles : « aide en numéraire »" in (messages[5])
    )
    assert "« 1,5 » est supérieur au maximum autorisé (1)" in messages[6]
    assert messages[7].endswith("valeur obligatoire manquante ou illisible")
    assert messages[8] == (
        "ligne 11, colonne « idBeneficiaire » : renseignez au moins « idBeneficiaire » ou "
        "« rnaBeneficiaire »"
    )
    assert rapport.total == 9
    assert rapport.as_json()["erreurs"][0]["ligne"] == 3


def test_date_et_booleen_lus_en_texte(tmp_path):
    """A column the reader could not type stays text; the validation still judges each cell."""
    colonnes = validation.schema_columns(nom="scdl-subventions")
    colonnes = [Colonne(c.nom, "texte") for c in colonnes]
    lignes = [
        (
            "Département",
            DEPARTEMENT,
            "2026/31/12",
            "",
            "Commune",
            ASSOCIATION,
            "",
            "Objet",
            "12,5",
            "aide en nature",
            "unique",
            "2026-01-01",
            "",
            "peut-être",
            "1",
            "",
        )
    ]
    rapport = validation.schema_validate(nom="scdl-subventions", colonnes=colonnes, lignes=lignes)
    assert [e.message for e in rapport.erreurs] == [
        "ligne 2, colonne « dateConvention » : « 2026/31/12 » n'est pas une date "
        "(JJ/MM/AAAA ou AAAA-MM-JJ)",
        "ligne 2, colonne « notificationUE » : « peut-être » n'est pas une valeur permise : "
        "écrivez « oui » ou « non »",
    ]


def test_colonne_obligatoire_manquante_et_colonne_en_trop(tmp_path):
    entete = ENTETE.replace(",montant,", ",commentaire,")
    rapport = _valider(tmp_path, _ligne(montant="un commentaire"), entete=entete)

    assert [(e.ligne, e.colonne, e.message) for e in rapport.erreurs] == [
        (
            1,
            "montant",
            "ligne 1, colonne « montant » : la colonne manque : le schéma « Subventions "
            "attribuées (SCDL) » la demande",
        ),
        (
            1,
            "commentaire",
            "ligne 1, colonne « commentaire » : la colonne ne fait pas partie du schéma "
            "« Subventions attribuées (SCDL) »",
        ),
    ]


def test_plafond_des_erreurs_et_total(tmp_path):
    contenu = "\n".join(_ligne(montant="abc") for _ in range(30))
    chemin = tmp_path / "s.csv"
    chemin.write_text(ENTETE + "\n" + contenu, encoding="utf-8")
    colonnes = [Colonne(n, "texte") for n in ENTETE.split(",")]
    lignes = lecture.rows_read(
        path=chemin, format="csv", encodage="utf-8", separateur=",", colonnes=colonnes
    )
    rapport = validation.schema_validate(
        nom="scdl-subventions", colonnes=colonnes, lignes=lignes, erreurs_max=5
    )
    assert len(rapport.erreurs) == 5
    assert rapport.total == 30
    assert rapport.erreurs[0].message == (
        "ligne 2, colonne « montant » : « abc » n'est pas un nombre"
    )


def test_unicite_de_la_cle_primaire():
    colonnes = validation.schema_columns(nom="lieux-covoiturage")

    def lieu(identifiant: str) -> tuple:
        valeurs = {
            "id_lieu": identifiant,
            "nom_lieu": "Aire des Romains",
            "insee": "34172",
            "type": "Aire de covoiturage",
            "date_maj": datetime.date(2026, 1, 5),
            "ouvert": True,
            "Xlong": 3.87,
            "Ylat": 43.61,
            "nbre_pl": 40,
        }
        return tuple(valeurs.get(c.nom) for c in colonnes)

    lignes = [lieu("34172-C-001"), lieu("34172-C-002"), lieu("34172-C-001"), lieu("2A004-C-001")]
    rapport = validation.schema_validate(nom="lieux-covoiturage", colonnes=colonnes, lignes=lignes)

    assert [e.message for e in rapport.erreurs] == [
        "ligne 4, colonne « id_lieu » : la clé (34172-C-001) figure déjà ligne 2 : chaque "
        "ligne doit avoir sa propre clé"
    ]


def test_bornes_longueurs_formats_equipements():
    colonnes = validation.schema_columns(nom="scdl-equipements")
    base = {
        "COLL_NOM": "Commune de Sète",
        "COLL_SIRET": DEPARTEMENT,
        "EQUIP_UID": "34301-01010401-001",
        "EQUIP_THEME": "Equipement administratif",
        "EQUIP_CODE": "01010401-001",
        "EQUIP_TYPE": "Mairie",
        "EQUIP_NOM": "Hôtel de ville",
        "ADR_NUMERO": "20",
        "ADR_NOMVOIE": "Rue Paul Valéry",
        "ADR_CODEPOSTAL": "34200",
        "ADR_COMMUNE": "Sète",
        "EQUIP_LAT": 43.4,
        "EQUIP_LONG": Decimal("3.69"),
    }

    def ligne(**remplace):
        valeurs = {**base, **remplace}
        return tuple(valeurs.get(c.nom) for c in colonnes)

    lignes = [
        ligne(),
        ligne(EQUIP_UID="34301-01010401-002", ERP_CATEGORIE=7),
        ligne(EQUIP_UID="34301-01010401-003", EQUIP_EMAIL="mairie-sete.fr", EQUIP_WEB="sete.fr"),
        ligne(EQUIP_UID="34301-01010401-004", EQUIP_TEL="+33 4 99 04 70 00 poste 12"),
    ]
    rapport = validation.schema_validate(nom="scdl-equipements", colonnes=colonnes, lignes=lignes)

    assert [(e.ligne, e.colonne) for e in rapport.erreurs] == [
        (3, "ERP_CATEGORIE"),
        (4, "EQUIP_EMAIL"),
        (4, "EQUIP_WEB"),
        (5, "EQUIP_TEL"),
    ]
    assert "est supérieur au maximum autorisé (5)" in rapport.erreurs[0].message
    assert "n'est pas une adresse électronique valide" in rapport.erreurs[1].message
    assert "n'est pas une adresse web valide" in rapport.erreurs[2].message
    assert "plus que les 13 autorisés" in rapport.erreurs[3].message


@pytest.mark.parametrize("nom", [s.nom for s in validation.schemas_available()])
def test_schemas_livres_sont_des_table_schema_valides(nom):
    import frictionless

    rapport = frictionless.Schema.validate_descriptor(str(validation.DOSSIER / f"{nom}.json"))
    assert rapport.valid, rapport.flatten(["type", "note"])


def test_fichier_valide_l_est_aussi_pour_frictionless(tmp_path):
    """Our transcription of the SCDL schema works with the standard tool too."""
    import frictionless

    chemin = tmp_path / "subventions.csv"
    chemin.write_text(ENTETE + "\n" + _ligne() + "\n", encoding="utf-8")
    descripteur = json.loads((validation.DOSSIER / "scdl-subventions.json").read_text())
    schema = frictionless.Schema.from_descriptor(descripteur)
    ressource = frictionless.Resource(path=chemin.name, basepath=str(tmp_path), schema=schema)
    rapport = ressource.validate()
    assert rapport.valid, rapport.flatten(["rowNumber", "fieldName", "type"])
