"""One rule for choosing a commune: current communes only, with a message that names the
current commune to choose. Checked on the real Gers of the shipped découpage."""

import pytest
from django.core.management import CommandError, call_command

from territoires.referentiel.communes import CommuneRefusee, commune_actuelle, communes_actuelles
from territoires.referentiel.models import AncienneCommune, Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def gers():
    call_command("referentiel_import", "--departement", "32", verbosity=0)


def refus(code: str) -> str:
    with pytest.raises(CommuneRefusee) as raised:
        commune_actuelle(code)
    return raised.value.message


def test_a_current_commune_is_returned_whatever_the_spacing(gers):
    assert commune_actuelle("32013").nom == "Auch"
    assert commune_actuelle(" 32 013 ").nom == "Auch"


def test_a_commune_deleguee_points_to_its_commune_nouvelle(gers):
    assert refus("32168") == (
        "32168 est Labarrère, commune déléguée de Castelnau d'Auzan Labarrère (32079) : "
        "choisissez Castelnau d'Auzan Labarrère."
    )


def test_a_commune_associee_points_to_its_commune(gers):
    assert refus("32011") == (
        "32011 est Artiguedieu, commune associée de Seissan (32426) : choisissez Seissan."
    )


def test_an_absorbed_code_names_the_commune_that_absorbed_it(gers):
    # Shipped data: Roquelaure's anciensCodes holds 32006, which names no commune any more.
    assert refus("32006") == (
        "32006 est un ancien code : cette commune a rejoint Roquelaure (32348) ; "
        "choisissez Roquelaure."
    )


def test_an_unknown_code_and_a_malformed_one_are_told_apart(gers):
    assert refus("32999") == "Code INSEE « 32999 » inconnu du référentiel des communes."
    assert "n'est pas un code INSEE de commune" in refus("Auch")


def test_an_import_checks_all_its_codes_at_once(gers, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        trouvees, refusees = communes_actuelles(["32013", "32168", "32006", "32999", "32208"])
    assert {code: c.nom for code, c in trouvees.items()} == {"32013": "Auch", "32208": "Lectoure"}
    assert set(refusees) == {"32168", "32006", "32999"}
    assert "choisissez Roquelaure" in refusees["32006"]


def test_reimport_keeps_the_absorbed_codes_once(gers):
    avant = AncienneCommune.objects.count()
    assert AncienneCommune.objects.filter(code="32006", commune_actuelle__code="32348").exists()
    call_command("referentiel_import", "--departement", "32", verbosity=0)
    assert AncienneCommune.objects.count() == avant


# --- import-mouvements: the INSEE file of the communes' events -------------------------------

ENTETE = (
    "MOD,DATE_EFF,TYPECOM_AV,COM_AV,TNCC_AV,NCC_AV,NCCENR_AV,LIBELLE_AV,TYPECOM_AP,COM_AP,"
    "TNCC_AP,NCC_AP,NCCENR_AP,LIBELLE_AP\n"
)


def ligne(mod, date, av, nom_av, ap, nom_ap, typecom_av="COM", typecom_ap="COM") -> str:
    return (
        f"{mod},{date},{typecom_av},{av},0,{nom_av.upper()},{nom_av},{nom_av},"
        f"{typecom_ap},{ap},0,{nom_ap.upper()},{nom_ap},{nom_ap}\n"
    )


# A synthetic file in the real format: a fusion, a chain of two fusions, a split, a name
# change (ignored: same code) and a fusion into a commune of another département.
MOUVEMENTS = ENTETE + "".join(
    [
        ligne(31, "1973-01-01", "32006", "Arcamont", "32348", "Roquelaure"),
        ligne(31, "1973-01-01", "32348", "Roquelaure", "32348", "Roquelaure"),
        ligne(33, "1965-03-01", "32950", "Ancienne-Une", "32951", "Intermédiaire"),
        ligne(
            33, "1965-03-01", "32950", "Ancienne-Une", "32950", "Ancienne-Une", typecom_ap="COMA"
        ),  # fmt: skip
        ligne(32, "2019-01-01", "32951", "Intermédiaire", "32013", "Auch"),
        ligne(21, "1990-01-01", "32960", "Partagée", "32013", "Auch"),
        ligne(21, "1990-01-01", "32960", "Partagée", "32208", "Lectoure"),
        ligne(10, "2001-01-01", "32208", "Lectour", "32208", "Lectoure"),
        ligne(31, "1972-01-01", "40990", "Landaise", "40001", "Aire"),
    ]
)


def test_import_mouvements_names_old_communes_and_follows_chains(gers, tmp_path):
    fichier = tmp_path / "v_mvt_commune_2026.csv"
    fichier.write_text(MOUVEMENTS, encoding="utf-8")
    call_command("referentiel_import_mouvements", str(fichier), verbosity=0)

    assert refus("32006") == (
        "32006 était le code de Arcamont : cette commune a rejoint Roquelaure (32348) "
        "depuis le 01/01/1973 ; choisissez Roquelaure."
    )
    # Fused into a commune itself fused later: the current one is named.
    assert "a rejoint Auch (32013)" in refus("32950")
    assert refus("32960") == (
        "32960 était le code de Partagée : cette commune est partagée entre Auch (32013) et "
        "Lectoure (32208) depuis le 01/01/1990 ; choisissez Auch ou Lectoure."
    )
    assert commune_actuelle("32208").nom == "Lectoure"  # a name change refuses nothing

    avant = list(AncienneCommune.objects.values_list("code", "nom", "commune_actuelle__code"))
    call_command("referentiel_import_mouvements", str(fichier), verbosity=0)
    apres = list(AncienneCommune.objects.values_list("code", "nom", "commune_actuelle__code"))
    assert apres == avant


def test_import_mouvements_is_all_or_nothing_with_each_bad_line(gers, tmp_path, capsys):
    fichier = tmp_path / "v_mvt_commune_2026.csv"
    fichier.write_text(
        MOUVEMENTS
        + ligne(31, "1973-13-01", "32970", "Mauvaise", "32013", "Auch")
        + ligne(31, "1973-01-01", "32971", "Inconnue", "32013", "Auch", typecom_ap="XXX"),
        encoding="utf-8",
    )
    avant = AncienneCommune.objects.count()
    with pytest.raises(CommandError):
        call_command("referentiel_import_mouvements", str(fichier))
    erreurs = capsys.readouterr().err
    assert "ligne 11 : date d'effet « 1973-13-01 » invalide" in erreurs
    assert "ligne 12 : TYPECOM_AP « XXX » inconnu" in erreurs
    assert AncienneCommune.objects.count() == avant
    assert not AncienneCommune.objects.filter(nom="Arcamont").exists()


def test_import_mouvements_refuses_a_file_without_the_cog_columns(gers, tmp_path, capsys):
    fichier = tmp_path / "autre.csv"
    fichier.write_text("code,nom\n32006,Arcamont\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("referentiel_import_mouvements", str(fichier))
    assert "colonne(s) absente(s) : MOD, DATE_EFF" in capsys.readouterr().err
    assert Commune.objects.filter(code="32006").count() == 0
