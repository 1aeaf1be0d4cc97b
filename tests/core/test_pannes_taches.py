"""`kill -9` of the task worker in the middle of an import and of a dépouillement: after a
restart nothing is half-written, the task and its import say « interrompu » in French, and the
user relaunches it from the task page."""

import datetime
import random
import signal
from decimal import Decimal

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from territoires.clauses.models import HeuresMensuelles, ImportClauses, Marche, Participant
from territoires.comptes.models import Role
from territoires.core import selectors
from territoires.core.models import TacheSuivi
from territoires.participation.models import Bulletin, Resultat
from territoires.participation.services.resultats import resultats_compute
from tests.clauses.classeur import ecrire_csv, generer
from tests.comptes.factories import ServiceFactory, login, member
from tests.participation.factories import CampagneFactory, enveloppe, projet
from tests.referentiel.factories import CommuneFactory, DepartementFactory

from .pannes import attendre, journal


def _communes():
    gers = DepartementFactory(code="32", nom="Gers")
    haute_garonne = DepartementFactory(code="31", nom="Haute-Garonne")
    CommuneFactory(code="32013", nom="Auch", departement=gers)
    CommuneFactory(code="32208", nom="Lectoure", departement=gers)
    CommuneFactory(code="31555", nom="Toulouse", departement=haute_garonne)


def _donnees_clauses() -> tuple[int, int, int]:
    return Marche.objects.count(), Participant.objects.count(), HeuresMensuelles.objects.count()


def _etat(suivi) -> dict:
    etat = TacheSuivi.objects.filter(pk=suivi.pk).values("statut", "message", "erreur").get()
    imports = ImportClauses.objects.filter(tache=suivi).values_list("erreurs", flat=True)
    return etat | {"erreurs d'import": [e[:3] for e in imports]}


def _tuer(worker) -> None:
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)


def test_worker_killed_during_an_import(base_partagee, serveurs_de_taches, client, tmp_path):
    _communes()
    facilitateur = member(Role.FACILITATEUR, organisation=ServiceFactory())
    login(client, facilitateur)
    # Big enough for its write transaction to last a few seconds.
    donnees = generer(graine=5, donneurs=20, marches=300, entreprises=60, participants=3000)
    marches, heures = ecrire_csv(donnees, tmp_path)
    with marches.open("rb") as m, heures.open("rb") as h:
        client.post(reverse("clauses:import"), {"fichier": m, "fichier_heures": h})
    import_ = ImportClauses.objects.get()
    suivi = import_.tache

    worker = serveurs_de_taches()
    attendre(
        base_partagee.en_transaction_longue,
        message=lambda: f"l'import n'écrit pas : {_etat(suivi)}\n{journal(worker)}",
    )
    _tuer(worker)

    # Nothing half-written; the page already says « interrompu » but a GET writes nothing.
    assert _donnees_clauses() == (0, 0, 0)
    page = client.get(suivi.get_absolute_url()).content.decode()
    assert selectors.INTERRUPTED_MESSAGE.replace("'", "&#x27;") in page
    assert "Relancer le traitement" in page
    suivi.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.EN_COURS

    # The restarted worker writes the truth: task, result and import.
    worker = serveurs_de_taches()
    attendre(lambda: TacheSuivi.objects.get(pk=suivi.pk).est_finie, message=journal(worker))
    suivi.refresh_from_db()
    import_.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert suivi.erreur == selectors.INTERRUPTED_MESSAGE
    assert DBTaskResult.objects.get(pk=suivi.task_result_id).status == "FAILED"
    assert import_.statut == ImportClauses.Statut.ECHOUE
    assert import_.erreurs[0]["message"] == selectors.INTERRUPTED_MESSAGE
    assert "Traitement échoué" in client.get(import_.get_absolute_url()).content.decode()
    assert _donnees_clauses() == (0, 0, 0)

    # Relaunched from the task page: same file, same import row, all of it written.
    response = client.post(reverse("core:tache_relancer", args=[suivi.pk]))
    nouveau = TacheSuivi.objects.exclude(pk=suivi.pk).get()
    assert response["Location"] == nouveau.get_absolute_url()
    attendre(lambda: TacheSuivi.objects.get(pk=nouveau.pk).est_finie, message=journal(worker))
    nouveau.refresh_from_db()
    import_.refresh_from_db()
    assert nouveau.statut == TacheSuivi.Statut.TERMINEE, nouveau.erreur
    assert import_.statut == ImportClauses.Statut.IMPORTE
    assert import_.tache_id == nouveau.pk
    assert HeuresMensuelles.objects.count() == len(donnees["heures"])
    # Relaunched once: the old task links to the new one and offers no second relaunch.
    page = client.get(suivi.get_absolute_url()).content.decode()
    assert "Voir le traitement relancé" in page and "Relancer le traitement" not in page


def _urne(campagne) -> tuple[list, list]:
    bulletins = sorted(
        (b["enveloppe_id"], str(b["jour"]), b["choix"])
        for b in Bulletin.objects.filter(enveloppe__campagne=campagne).values(
            "enveloppe_id", "jour", "choix"
        )
    )
    resultats = sorted(
        Resultat.objects.filter(enveloppe__campagne=campagne).values_list(
            "enveloppe_id", "bulletins", "selectionnes", "calcule_le"
        )
    )
    return bulletins, resultats


def test_worker_killed_during_a_count(base_partagee, serveurs_de_taches, client):
    campagne = CampagneFactory(phase="realisation")
    rng = random.Random(3)
    for nom in ("Générale", "Jeunes"):
        env = enveloppe(campagne, nom=nom, budget=Decimal(100), choix_min=1, choix_max=3)
        projets = [projet(env, f"{nom[0]}{i:02d}", 10 + 5 * i).pk for i in range(8)]
        Bulletin.objects.bulk_create(
            Bulletin(
                enveloppe=env,
                jour=datetime.date(2026, 5, rng.randint(1, 28)),
                choix=sorted(rng.sample(projets, rng.randint(1, 3))),
            )
            for _ in range(8_000)
        )
    resultats_compute(campagne=campagne)  # last week's count, to be kept as it was
    avant = _urne(campagne)
    login(client, member(Role.INSTRUCTEUR))
    client.post(reverse("participation:resultats_calculer", args=[campagne.slug]))
    suivi = TacheSuivi.objects.get()

    worker = serveurs_de_taches()
    attendre(
        base_partagee.en_transaction_longue,
        message=lambda: f"le dépouillement n'écrit pas : {_etat(suivi)}\n{journal(worker)}",
    )
    _tuer(worker)
    worker = serveurs_de_taches()
    attendre(lambda: TacheSuivi.objects.get(pk=suivi.pk).est_finie, message=journal(worker))

    suivi.refresh_from_db()
    assert suivi.statut == TacheSuivi.Statut.ECHOUEE
    assert suivi.erreur == selectors.INTERRUPTED_MESSAGE
    # The urn was being shuffled and the results rewritten: both are exactly as before.
    assert _urne(campagne) == avant

    client.post(reverse("core:tache_relancer", args=[suivi.pk]))
    nouveau = TacheSuivi.objects.exclude(pk=suivi.pk).get()
    attendre(lambda: TacheSuivi.objects.get(pk=nouveau.pk).est_finie, message=journal(worker))
    assert TacheSuivi.objects.get(pk=nouveau.pk).statut == TacheSuivi.Statut.TERMINEE
    bulletins, resultats = _urne(campagne)
    assert bulletins == avant[0]
    assert [r[:3] for r in resultats] == [r[:3] for r in avant[1]]
    assert [r[3] for r in resultats] > [r[3] for r in avant[1]]
