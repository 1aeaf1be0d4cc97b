"""Two application servers, one database, one cache, one object store, the worker apart
(issue 16, « Scale out »; docs/deploiement.md).

Real processes and real HTTP requests (`requests`): server A and server B are two gunicorn
processes; what one writes, the other must read — documents in S3 (never on their disk),
rate limits and lockouts counted for both, a task queued through one, run by the worker,
its result read through the other.
"""

import re
import time

import pytest
import requests
from django.conf import settings

from territoires.comptes.models import Role
from territoires.opendata import services
from territoires.opendata.models import VersionRessource
from tests.comptes.factories import PASSWORD, MembreFactory, OrganisationFactory

pytestmark = [
    pytest.mark.deploiement,
    # Decided before any database is made: the SQLite pass skips it at once.
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="déploiement à deux serveurs : passage PostgreSQL seulement (scripts/test.sh)",
    ),
]

CSV = (
    "nom;code_postal;surface\r\n"
    "Salle des fêtes;32700;412,5\r\n"
    "Foyer rural;32700;180\r\n"
    "Halle du marché;32700;640,75\r\n"
).encode("cp1252")
TACHE_MAX = 60  # seconds


def jeton(reponse: requests.Response) -> str:
    trouve = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reponse.text)
    assert trouve, f"pas de jeton CSRF sur {reponse.url} ({reponse.status_code})"
    return trouve.group(1)


def poster(session, url: str, data: dict, **kwargs) -> requests.Response:
    """A form as a browser sends it: the page first (cookie and token), then the POST."""
    page = session.get(url, timeout=30)
    return session.post(
        url, data={"csrfmiddlewaretoken": jeton(page), **data}, timeout=30, **kwargs
    )


def connexion(session, serveur: str, email: str, mot_de_passe: str) -> requests.Response:
    return poster(
        session,
        f"{serveur}/comptes/connexion/",
        {"username": email, "password": mot_de_passe},
        allow_redirects=False,
    )


def test_deux_serveurs_une_base_un_cache_un_stockage(deploiement):
    """One deployment (its start-up is most of the cost), four checks."""
    a, b = deploiement.serveurs
    document_et_tache(deploiement, a, b)
    limite_de_debit(a, b)
    verrouillage(a, b)


def document_et_tache(deploiement, a: str, b: str) -> None:
    membre = MembreFactory(organisation=OrganisationFactory(), role=Role.AGENT)
    jeu = services.dataset_create(
        organisation=membre.organisation, actor=membre.user, titre="Salles communales"
    )

    # Logged in through A; the session (in the database) holds on B.
    navigateur = requests.Session()
    reponse = connexion(navigateur, a, membre.user.email, PASSWORD)
    assert reponse.status_code == 302, deploiement.journaux()
    assert navigateur.get(f"{b}/donnees/mes-jeux/", timeout=30).status_code == 200

    # A file deposited through A goes to the bucket, not to the servers' disk.
    reponse = poster(
        navigateur,
        f"{a}/donnees/mes-jeux/{jeu.slug}/ressources/ajouter/",
        {"titre": "Liste des salles"},
        files={"fichier": ("salles.csv", CSV, "text/csv")},
        allow_redirects=False,
    )
    assert reponse.status_code == 302, reponse.text[-2000:]
    version = VersionRessource.objects.select_related("document").get(ressource__jeu=jeu)
    objets = deploiement.s3.objets()
    assert objets == {version.document.fichier.name: CSV}
    assert not [p for p in deploiement.media_root.rglob("*") if p.is_file()]

    # Downloaded through B, byte for byte.
    telechargement = navigateur.get(f"{b}/documents/{version.document.pk}/", timeout=30)
    assert telechargement.status_code == 200
    assert telechargement.content == CSV
    assert "salles.csv" in telechargement.headers["Content-Disposition"]

    # The preview confirmed through B queues a task; the worker runs it (reading the file
    # from the bucket); its result is read through A.
    types = {f"type_{i}": c["type"] for i, c in enumerate(version.colonnes)}
    reponse = poster(
        navigateur, f"{b}/donnees/mes-jeux/versions/{version.pk}/", types, allow_redirects=False
    )
    assert reponse.status_code == 302 and "/taches/" in reponse.headers["Location"]
    tache = f"{a}{reponse.headers['Location']}"
    fin = time.monotonic() + TACHE_MAX
    while "Terminée" not in (page := navigateur.get(tache, timeout=30).text):
        assert "Échouée" not in page, deploiement.journaux()
        assert time.monotonic() < fin, f"tâche non exécutée :\n{deploiement.journaux()}"
        time.sleep(0.2)
    ressource = navigateur.get(f"{a}/donnees/mes-jeux/ressources/{version.ressource_id}/")
    assert re.search(r"Version 1</a> \(courante\)", ressource.text)
    version.refresh_from_db()
    assert version.statut == VersionRessource.Statut.PRETE and version.nb_lignes == 3


def limite_de_debit(a: str, b: str) -> None:
    # API_LIMITE_DEBIT = 4/m for this address, whichever server answers.
    codes = [requests.get(f"{s}/api/donnees/jeux", timeout=30).status_code for s in (a, b) * 3]
    assert codes == [200, 200, 200, 200, 429, 429]


def verrouillage(a: str, b: str) -> None:
    membre = MembreFactory(organisation=OrganisationFactory(), role=Role.AGENT)
    email = membre.user.email
    # AXES_FAILURE_LIMIT = 3: two failures on A, one on B.
    for serveur in (a, a, b):
        reponse = connexion(requests.Session(), serveur, email, "pas le bon mot de passe")
        assert reponse.status_code != 302
    # Locked on both, even with the right password.
    for serveur in (a, b):
        reponse = connexion(requests.Session(), serveur, email, PASSWORD)
        assert reponse.status_code == 429, (serveur, reponse.status_code)
        assert "Connexion temporairement bloquée" in reponse.text
