"""The refresh of the automatic datasets: created and published without moderation by the
Département, a new version only when the rows changed, bounded queries, a failing source
failing its task (never a ghost « en cours »), the command and the data officer's page."""

import ast
import dataclasses
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from territoires.aides.models import Dossier
from territoires.comptes.models import Organisation, Role
from territoires.core.models import Evenement, TacheSuivi
from territoires.core.task_tracking import task_relaunchable
from territoires.opendata import tabulaire
from territoires.opendata.automatiques import REGISTRE, refresh
from territoires.opendata.automatiques.refresh import RefreshFailed, datasets_refresh
from territoires.opendata.models import JeuDeDonnees, Ressource, VersionRessource
from territoires.opendata.services import dataset_unpublish
from territoires.participation.models import Bulletin
from territoires.referentiel.models import Commune
from tests.aides.factories import D, world
from tests.aides.test_scdl_actes import attribue
from tests.clauses.factories import ContratFactory, LotFactory, heures
from tests.comptes.factories import (
    DepartementOrganisationFactory,
    MembreFactory,
    ServiceFactory,
    UserFactory,
    login,
)
from tests.ingenierie.factories import SollicitationFactory, collectivite
from tests.opendata.automatiques import campagne_votee
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

pytestmark = pytest.mark.django_db

COMMUNES = "referentiel.communes"
EPCIS = "referentiel.epcis"


@pytest.fixture
def gers(settings):
    """The Département of the instance (its organisation) and a few of its communes."""
    settings.TERRITOIRES_DEPARTEMENT = "32"
    departement = DepartementFactory(code="32", nom="Gers")
    organisation = DepartementOrganisationFactory(departement=departement)
    epci = EpciFactory(nom="CC de la Lomagne gersoise", departements=[departement])
    for i in range(3):
        CommuneFactory(code=f"3220{i}", nom=f"Commune {i}", departement=departement, epci=epci)
    return {"departement": departement, "organisation": organisation, "epci": epci}


def versions(code: str) -> list[VersionRessource]:
    return list(VersionRessource.objects.filter(ressource__jeu__source_module=code).order_by("pk"))


def stored_rows(ressource: Ressource) -> list[tuple]:
    version = ressource.version_courante
    colonnes = [tabulaire.Colonne(nom=c["nom"], type=c["type"]) for c in version.colonnes]
    return list(tabulaire.rows_stream(cle=version.table, colonnes=colonnes, tri=[colonnes[0].nom]))


def test_first_refresh_publishes_the_datasets_of_the_departement_without_moderation(gers):
    (bilan,) = datasets_refresh(codes=[COMMUNES])
    jeu = JeuDeDonnees.objects.get(source_module=COMMUNES)
    assert bilan.nouvelles == ["Communes"] and not bilan.erreur
    assert jeu.organisation == gers["organisation"]
    assert jeu.statut == JeuDeDonnees.Statut.PUBLIE and jeu.publie_le is not None
    assert jeu.titre == REGISTRE[COMMUNES].titre
    assert list(jeu.themes.values_list("slug", flat=True)) == ["territoire"]
    # Published by a journalised transition, never through the moderation queue.
    assert Evenement.objects.filter(
        object_id=str(jeu.pk), action=Evenement.Action.CHANGEMENT_ETAT
    ).exists()
    assert not JeuDeDonnees.objects.filter(statut=JeuDeDonnees.Statut.EN_MODERATION).exists()
    (ressource,) = jeu.ressources.all()
    version = ressource.version_courante
    assert version.nb_lignes == 3 and version.numero == 1
    assert version.document is not None
    assert [r[:2] for r in stored_rows(ressource)] == [
        ("32200", "Commune 0"),
        ("32201", "Commune 1"),
        ("32202", "Commune 2"),
    ]


def test_the_producer_is_created_when_the_departement_has_no_organisation(settings):
    settings.TERRITOIRES_DEPARTEMENT = "32"
    DepartementFactory(code="32", nom="Gers")
    assert not Organisation.objects.filter(type=Organisation.Type.DEPARTEMENT).exists()
    datasets_refresh(codes=[EPCIS])
    producteur = Organisation.objects.get(type=Organisation.Type.DEPARTEMENT)
    assert producteur.nom == "Département du Gers"
    assert producteur.departement.code == "32"
    assert JeuDeDonnees.objects.get(source_module=EPCIS).organisation == producteur


def test_a_refresh_without_change_creates_no_version(gers):
    datasets_refresh(codes=[COMMUNES, EPCIS])
    avant = VersionRessource.objects.count()
    bilans = datasets_refresh(codes=[COMMUNES, EPCIS])
    assert VersionRessource.objects.count() == avant
    assert [b.inchangees for b in bilans] == [["Communes"], ["Intercommunalités"]]
    assert all(not b.nouvelles for b in bilans)


def test_a_change_creates_a_version_of_that_resource_only(gers):
    datasets_refresh(codes=[COMMUNES, EPCIS])
    CommuneFactory(code="32299", nom="Nouvelle", departement=gers["departement"], epci=None)
    communes, epcis = datasets_refresh(codes=[COMMUNES, EPCIS])
    assert communes.nouvelles == ["Communes"]
    # The EPCI's number of member communes did not change (the new one has no EPCI).
    assert epcis.inchangees == ["Intercommunalités"]
    v1, v2 = versions(COMMUNES)
    assert (v2.numero, v2.nb_lignes, v2.lignes_ajoutees, v2.lignes_retirees) == (2, 4, 1, 0)
    ressource = Ressource.objects.get(jeu__source_module=COMMUNES)
    assert ressource.version_courante == v2
    assert len(versions(EPCIS)) == 1
    # A changed value (population) is a change too.
    Commune.objects.filter(code="32200").update(population=9999)
    (bilan,) = datasets_refresh(codes=[COMMUNES])
    assert bilan.nouvelles == ["Communes"] and len(versions(COMMUNES)) == 3


def test_an_unpublished_automatic_dataset_stays_unpublished(gers):
    datasets_refresh(codes=[COMMUNES])
    jeu = JeuDeDonnees.objects.get(source_module=COMMUNES)
    officer = MembreFactory(
        role=Role.RESPONSABLE_DONNEES, organisation=ServiceFactory(), user=UserFactory()
    ).user
    dataset_unpublish(jeu=jeu, actor=officer, motif="Erreur de population à corriger")
    CommuneFactory(code="32298", nom="Encore une", departement=gers["departement"])
    datasets_refresh(codes=[COMMUNES])
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.DEPUBLIE
    assert len(versions(COMMUNES)) == 2
    assert JeuDeDonnees.objects.filter(source_module=COMMUNES).count() == 1


def _refresh_queries(code: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        datasets_refresh(codes=[code])
    return len(ctx.captured_queries)


def _communes(gers, n: int) -> None:
    for _ in range(n):
        i = Commune.objects.count()
        epci = EpciFactory(departements=[gers["departement"]])
        CommuneFactory(code=f"32{100 + i:03d}", departement=gers["departement"], epci=epci)


def _subventions(gers, n: int) -> None:
    if "dossier" not in gers:
        gers["dossier"] = attribue(world())
    dossier = gers["dossier"]
    for _ in range(n):
        i = Dossier.objects.count()
        Dossier.objects.create(
            numero=f"TST-2026-{i:05d}", dispositif=dossier.dispositif, session=dossier.session,
            organisation=dossier.organisation, intitule=f"Opération {i}", cout_ht=D("20000"),
            montant_demande=D("8000"), montant_attribue=D("8000"), statut="attribue",
            siret_beneficiaire=dossier.siret_beneficiaire, decide_le=dossier.decide_le,
        )  # fmt: skip


def _bulletins(gers, n: int) -> None:
    if "campagne" not in gers:
        gers["campagne"] = campagne_votee(slug="bp-requetes", publier=True)
    c = gers["campagne"]
    env = c.enveloppes.get()
    choix = sorted(env.projets.values_list("pk", flat=True))[:2]
    Bulletin.objects.bulk_create(
        Bulletin(enveloppe=env, jour=c.vote_debut, choix=choix) for _ in range(n)
    )


@pytest.mark.parametrize(
    ("code", "grow"),
    [
        (COMMUNES, _communes),
        (EPCIS, _communes),
        ("aides.subventions", _subventions),
        ("participation.resultats", _bulletins),
    ],
)
def test_queries_do_not_grow_with_the_rows(gers, code, grow):
    grow(gers, 1)
    _refresh_queries(code)  # creation of the dataset and its resources
    grow(gers, 1)
    peu = _refresh_queries(code)
    grow(gers, 40)
    beaucoup = _refresh_queries(code)
    assert beaucoup == peu
    assert max(v.nb_lignes for v in versions(code)) > 40


def _failing(code: str):
    def lignes():
        yield ("32200", "Commune 0")
        raise RuntimeError("source en panne")

    spec = REGISTRE[code]
    ressource = dataclasses.replace(spec.ressources()[0], lignes=lignes)
    return dataclasses.replace(spec, ressources=lambda: [ressource])


def test_a_failing_source_fails_the_task_without_a_ghost(gers, monkeypatch):
    owner = UserFactory()
    suivi = TacheSuivi.objects.create(proprietaire=owner, libelle="Actualisation")
    monkeypatch.setitem(REGISTRE, COMMUNES, _failing(COMMUNES))
    with pytest.raises(RefreshFailed) as echec:
        datasets_refresh(codes=[COMMUNES, EPCIS], suivi_id=suivi.pk)
    suivi.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert suivi.fin_le is not None
    assert REGISTRE[COMMUNES].titre in suivi.erreur
    communes, epcis = echec.value.bilans
    assert communes.erreur and not communes.nouvelles
    # Nothing half-written for the failing source; the others are refreshed.
    assert not JeuDeDonnees.objects.filter(source_module=COMMUNES).exists()
    assert not VersionRessource.objects.filter(ressource__jeu__source_module=COMMUNES).exists()
    assert epcis.nouvelles == ["Intercommunalités"]
    assert not TacheSuivi.objects.filter(statut=TacheSuivi.Statut.EN_COURS).exists()


def test_command_refreshes_and_reports(gers, capsys):
    call_command("donnees_actualiser", codes=[COMMUNES])
    assert "Communes du Département : nouvelle version de Communes" in capsys.readouterr().out
    call_command("donnees_actualiser", codes=[COMMUNES])
    assert "Communes du Département : inchangé" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("donnees_actualiser", "--jeu", "inconnu")


def test_command_with_a_failing_source_exits_in_error(gers, monkeypatch):
    monkeypatch.setitem(REGISTRE, COMMUNES, _failing(COMMUNES))
    with pytest.raises(CommandError, match="Communes du Département"):
        call_command("donnees_actualiser", codes=[COMMUNES])


def test_command_in_a_background_task(gers, capsys):
    call_command("donnees_actualiser", codes=[EPCIS], en_tache=True)
    assert "confiée aux tâches de fond" in capsys.readouterr().out
    # The test backend runs the task at once.
    assert JeuDeDonnees.objects.filter(source_module=EPCIS).exists()


# --- The data officer's page -------------------------------------------------------------------


@pytest.fixture
def officer():
    return MembreFactory(
        role=Role.RESPONSABLE_DONNEES, organisation=ServiceFactory(), user=UserFactory()
    ).user


def test_page_lists_the_datasets_and_refreshes_now(client, gers, officer):
    login(client, officer)
    url = reverse("opendata:automatiques")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Actualiser maintenant" in html
    assert all(escape(j.titre) in html for j in REGISTRE.values())
    response = client.post(url, {"jeu": COMMUNES})
    suivi = TacheSuivi.objects.get()
    assert response.status_code == 302 and response["Location"] == suivi.get_absolute_url()
    assert suivi.proprietaire == officer
    assert suivi.statut == TacheSuivi.Statut.TERMINEE
    assert (suivi.fait, suivi.total) == (1, 1)  # progress: one dataset of one
    assert suivi.resultat_texte == "Communes du Département : nouvelle version de Communes"
    assert suivi.resultat_url == url
    assert JeuDeDonnees.objects.filter(source_module=COMMUNES).exists()
    assert not JeuDeDonnees.objects.filter(source_module=EPCIS).exists()
    html = client.get(url).content.decode()
    assert "version 1, 3 lignes" in html


def test_page_refuses_an_unknown_dataset_and_other_roles(client, gers, officer):
    login(client, officer)
    url = reverse("opendata:automatiques")
    response = client.post(url, {"jeu": "inconnu"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not TacheSuivi.objects.exists()
    agent = MembreFactory(role=Role.AGENT, user=UserFactory()).user
    login(client, agent)
    assert client.get(url).status_code == 403
    assert client.post(url, {"jeu": ""}).status_code == 403
    assert not TacheSuivi.objects.exists()


def test_every_source_refreshes_and_a_second_run_changes_nothing(gers):
    """All the modules' data at once: each dataset published with its resources; the SCDL
    resource declares the shipped schema and conforms; nothing changes on the next run."""
    w = world()
    attribue(w)
    collectivite_ = collectivite()
    SollicitationFactory(organisation=collectivite_["organisation"])
    heures(lot=LotFactory(), contrat=ContratFactory(), nombre=35)
    campagne_votee(slug="bp-tout", publier=True)
    bilans = datasets_refresh()
    assert [b.erreur for b in bilans] == [""] * len(REGISTRE)
    assert set(
        JeuDeDonnees.objects.filter(statut=JeuDeDonnees.Statut.PUBLIE).values_list(
            "source_module", flat=True
        )
    ) == set(REGISTRE)
    scdl = Ressource.objects.get(jeu__source_module="aides.subventions")
    assert scdl.schema == "scdl-subventions"
    assert scdl.version_courante.nb_lignes == 1
    assert scdl.version_courante.conforme, scdl.version_courante.validation
    votes = Ressource.objects.get(titre="Bulletins (pabulib VOTES)")
    assert votes.version_courante.nb_lignes == 1
    avant = VersionRessource.objects.count()
    assert avant == sum(len(b.nouvelles) for b in bilans)
    bilans = datasets_refresh()
    assert [b.nouvelles for b in bilans] == [[]] * len(REGISTRE)
    assert VersionRessource.objects.count() == avant


def test_a_failed_refresh_from_the_page_can_be_relaunched(client, gers, officer, monkeypatch):
    login(client, officer)
    monkeypatch.setitem(REGISTRE, COMMUNES, _failing(COMMUNES))
    client.post(reverse("opendata:automatiques"), {"jeu": COMMUNES})
    suivi = TacheSuivi.objects.get()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert "Communes du Département" in suivi.erreur
    assert task_relaunchable(suivi=suivi, user=officer)
    assert not task_relaunchable(suivi=suivi, user=UserFactory())
    page = client.get(reverse("opendata:automatiques")).content.decode()
    assert "échouée" in page and "voir la tâche" in page


def test_automatic_datasets_read_the_domains_by_their_selectors_only():
    """opendata is a reader from above: of the four domains it imports the selectors only."""
    dossier = Path(refresh.__file__).parent
    domaines = ("aides", "clauses", "ingenierie", "participation")
    for fichier in dossier.glob("*.py"):
        for node in ast.walk(ast.parse(fichier.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                noms = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                noms = [a.name for a in node.names]
            else:
                continue
            for nom in noms:
                parties = nom.split(".")
                if len(parties) > 2 and parties[0] == "territoires" and parties[1] in domaines:
                    assert parties[2] == "selectors", f"{fichier.name} importe {nom}"
