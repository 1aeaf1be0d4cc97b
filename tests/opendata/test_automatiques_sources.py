"""Each source of the automatic datasets gives the expected rows, from real data built by the
modules' factories and services, and never what its module keeps private (one test per rule)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from territoires.aides import selectors
from territoires.aides.models import Dispositif
from territoires.clauses.models import ConfigurationClauses
from territoires.ingenierie.models import Domaine, Sollicitation
from territoires.opendata.automatiques import REGISTRE, jeux_automatiques
from territoires.participation.models import Idee
from tests.aides.factories import dossier_ddr, world
from tests.aides.test_scdl_actes import attribue
from tests.clauses.factories import ContratFactory, LotFactory, ParticipantFactory, heures
from tests.ingenierie.factories import SollicitationFactory, collectivite
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

from .automatiques import all_cells, campagne_votee, source_rows

pytestmark = pytest.mark.django_db


def test_registry_codes_are_stable_and_unknown_codes_refused():
    assert set(REGISTRE) == {
        "aides.subventions",
        "aides.dispositifs",
        "ingenierie.chiffres",
        "clauses.chiffres",
        "participation.projets",
        "participation.resultats",
        "referentiel.communes",
        "referentiel.epcis",
        "appels.appels",
    }
    assert all(j.code == code for code, j in REGISTRE.items())
    with pytest.raises(ValueError, match="Jeu automatique inconnu : aides.inconnu"):
        jeux_automatiques(["aides.inconnu"])


# --- aides --------------------------------------------------------------------------------------


def test_subventions_are_the_scdl_rows_of_attributed_dossiers_only():
    w = world()
    dossier = attribue(w)
    brouillon = dossier_ddr(w, organisation=w.commune_b, intitule="Projet encore en brouillon")
    (lignes,) = source_rows("aides.subventions").values()
    assert len(lignes) == 1
    ligne = lignes[0]
    assert ligne["nomBeneficiaire"] == dossier.organisation.nom
    assert ligne["montant"] == Decimal("8000.00")
    assert ligne["dateConvention"] == datetime.date(2026, 6, 26)
    assert ligne["referenceDecision"] == "CP-2026-06-042"
    assert ligne["pourcentageSubvention"] == Decimal("1.00")
    assert list(ligne) == selectors.SCDL_COLUMNS
    # Rule: a dossier not attributed never appears.
    assert brouillon.intitule not in all_cells("aides.subventions")


def test_dispositifs_are_the_published_catalogue_with_rules_in_force(settings):
    w = world()
    cache = Dispositif.objects.create(
        code="cache", nom="Dispositif non publié", service=w.service, publie=False
    )
    (lignes,) = source_rows("aides.dispositifs").values()
    codes = {ligne["code"] for ligne in lignes}
    assert codes == set(Dispositif.objects.filter(publie=True).values_list("code", flat=True))
    ddr = next(ligne for ligne in lignes if ligne["code"] == "ddr")
    assert ddr["nom"] == w.ddr.nom
    assert ddr["service_instructeur"] == w.service.nom
    assert ddr["page"] == settings.TERRITOIRES_BASE_URL.rstrip("/") + w.ddr.get_absolute_url()
    # The rules in force today, as the scheme's page shows them (the demo's DDR values).
    assert (ddr["montant_max"], ddr["taux_max"]) == (Decimal("12000"), Decimal("0.5"))
    # Rule: an unpublished scheme never appears.
    assert cache.code not in codes
    assert cache.nom not in all_cells("aides.dispositifs")


# --- ingénierie ---------------------------------------------------------------------------------


def test_ingenierie_counts_by_year_epci_and_domain_without_merged_duplicates():
    a = collectivite()
    b = collectivite()
    domaine = Domaine.objects.order_by("ordre").first()
    tz = timezone.get_current_timezone()
    for jour in (
        datetime.datetime(2024, 3, 1, tzinfo=tz),
        datetime.datetime(2024, 5, 1, tzinfo=tz),
    ):
        SollicitationFactory(organisation=a["organisation"], deposee_le=jour)
    SollicitationFactory(
        organisation=b["organisation"], deposee_le=datetime.datetime(2025, 1, 2, tzinfo=tz)
    )
    doublon = SollicitationFactory(
        organisation=b["organisation"], deposee_le=datetime.datetime(2025, 2, 2, tzinfo=tz)
    )
    Sollicitation.objects.filter(pk=doublon.pk).update(statut=Sollicitation.Statut.FUSIONNEE)
    (lignes,) = source_rows("ingenierie.chiffres").values()
    assert [(x["annee"], x["epci"], x["domaine"], x["sollicitations"]) for x in lignes] == [
        (2024, a["epci"].nom, domaine.nom, 2),
        (2025, b["epci"].nom, domaine.nom, 1),
    ]
    assert lignes[0]["epci_siren"] == a["epci"].siren
    # No subject, description or person of a request.
    assert "Sujet" not in all_cells("ingenierie.chiffres")


# --- clauses ------------------------------------------------------------------------------------


def test_clauses_public_figures_mask_small_counts():
    config = ConfigurationClauses.courante()
    seuil = config.seuil_secret_statistique
    assert seuil > 1
    lot = LotFactory()
    # One participant only: under the threshold, masked as on /clauses/chiffres/.
    heures(lot=lot, contrat=ContratFactory(participant=ParticipantFactory(sexe="F")), nombre=70)
    tables = source_rows("clauses.chiffres")
    (synthese,) = tables["Synthèse annuelle"]
    assert synthese["annee"] == 2022
    assert synthese["heures_realisees"] == Decimal("70")
    assert synthese["seuil_secret_statistique"] == seuil
    # Rule: a small count of people or companies is never published.
    assert synthese["participants"] is None
    assert synthese["femmes"] is None
    assert synthese["entreprises"] is None
    assert all(
        row["participants"] is None for row in tables["Participants et heures par type de contrat"]
    )
    (acheteur,) = tables["Heures par acheteur public"]
    assert acheteur["acheteur"] == lot.marche.donneur_ordre.nom
    assert acheteur["heures_prescrites"] == Decimal("500")


def test_clauses_counts_over_the_threshold_are_published():
    seuil = ConfigurationClauses.courante().seuil_secret_statistique
    lot = LotFactory()
    for _ in range(seuil):
        heures(lot=lot, contrat=ContratFactory(), nombre=10)
    synthese = source_rows("clauses.chiffres")["Synthèse annuelle"][0]
    assert synthese["participants"] == seuil
    assert synthese["heures_realisees"] == Decimal(10 * seuil)


# --- budget participatif ------------------------------------------------------------------------


def test_projets_and_only_moderated_idees():
    c = campagne_votee(slug="bp-projets", publier=False)
    publiee = Idee.objects.create(
        campagne=c, titre="Un banc au lavoir", description="d", categorie="Nature",
        cout_estime=Decimal(5), nom_auteur="Auteur Papier",
    )  # fmt: skip
    Idee.objects.filter(pk=publiee.pk).update(statut=Idee.Statut.PUBLIEE)
    Idee.objects.create(
        campagne=c, titre="Idée encore en attente", description="d", categorie="x",
        cout_estime=Decimal(5), nom_auteur="Quelqu'un",
    )  # fmt: skip
    tables = source_rows("participation.projets")
    assert [p["code"] for p in tables["Projets soumis au vote"]] == ["01", "02", "03"]
    assert tables["Projets soumis au vote"][0]["cout"] == Decimal("40.00")
    assert [i["titre"] for i in tables["Idées publiées"]] == ["Un banc au lavoir"]
    cells = all_cells("participation.projets")
    # Rule: an idée not yet moderated never appears, nor the name of an author.
    assert "Idée encore en attente" not in cells
    assert "Auteur Papier" not in cells


def test_resultats_of_published_campaigns_only():
    publiee = campagne_votee(
        slug="bp-close", publier=True, votants=[("Dupont", "Jeanne"), ("Martin", "Paul")]
    )
    campagne_votee(slug="bp-en-cours", publier=False)
    tables = source_rows("participation.resultats")
    (enveloppe,) = tables["Résultats par enveloppe"]
    assert enveloppe["campagne"] == publiee.slug
    assert enveloppe["bulletins"] == 2
    projets = tables["Voix et sélection par projet (pabulib PROJECTS)"]
    assert [(p["project_id"], p["votes"]) for p in projets] == [("01", 1), ("02", 2), ("03", 1)]
    assert sum(p["selected"] for p in projets) == enveloppe["laureats"]
    bulletins = tables["Bulletins (pabulib VOTES)"]
    assert sorted(b["vote"] for b in bulletins) == ["01,02", "02,03"]
    assert [b["voter_id"] for b in bulletins] == [1, 2]
    # Rule: a campaign whose results are not published never appears.
    assert "bp-en-cours" not in all_cells("participation.resultats")


def test_no_voter_is_ever_identified():
    c = campagne_votee(slug="bp-secret", publier=True, votants=[("Zébulon", "Théodorine")])
    cells = all_cells("participation.resultats") + all_cells("participation.projets")
    assert c.slug in cells
    # Rule: nothing names or traces a voter (name, fingerprint, day of the vote).
    from territoires.participation.models import Bulletin, Votant

    votant = Votant.objects.get(campagne=c)
    bulletin = Bulletin.objects.get(enveloppe__campagne=c)
    for secret in ("Zébulon", "Théodorine", votant.empreinte, str(votant.pk), str(bulletin.pk)):
        assert secret not in cells
    spec = next(r for r in REGISTRE["participation.resultats"].ressources() if "VOTES" in r.titre)
    assert [col.nom for col in spec.colonnes] == ["campagne", "enveloppe", "voter_id", "vote"]


# --- référentiel --------------------------------------------------------------------------------


def test_communes_and_epcis_of_the_departement(settings):
    settings.TERRITOIRES_DEPARTEMENT = "32"
    gers = DepartementFactory(code="32", nom="Gers")
    autre = DepartementFactory(code="31", nom="Haute-Garonne")
    epci = EpciFactory(nom="CC de la Ténarèze", departements=[gers])
    CommuneFactory(code="32208", nom="Lectoure", departement=gers, epci=epci, population=3700)
    CommuneFactory(code="32013", nom="Auch", departement=gers, epci=None, codes_postaux=["32000"])
    CommuneFactory(code="31555", nom="Toulouse", departement=autre)
    (communes,) = source_rows("referentiel.communes").values()
    assert [(c["code_insee"], c["nom"]) for c in communes] == [
        ("32013", "Auch"),
        ("32208", "Lectoure"),
    ]
    lectoure = communes[1]
    assert lectoure["population"] == 3700
    assert lectoure["epci"] == "CC de la Ténarèze"
    assert lectoure["epci_siren"] == epci.siren
    (epcis,) = source_rows("referentiel.epcis").values()
    assert [(e["siren"], e["nom"], e["communes"]) for e in epcis] == [(epci.siren, epci.nom, 1)]
    assert epcis[0]["departements"] == "32"
