"""Banc de charge du vote : de vrais bulletins par HTTP, à côté d'une page nue (rien n'est affirmé).

    .venv/bin/python bench/charge_vote.py [--rapide] [--votants N] [--clients K] [--workers 1,2]

Sans DATABASE_URL, le banc se relance dans une base PostgreSQL jetable (scripts/with-postgres.sh)
quand PostgreSQL est installé, sinon sur SQLite (dit dans la sortie). Avec DATABASE_URL, cette
base doit être jetable.

Pour chaque nombre de processus gunicorn (workers sync, 1 puis 2) : une campagne neuve en phase
de vote, puis K processus clients font voter des personnes distinctes, chacune avec sa propre
session, comme un navigateur : page d'identité (jeton CSRF), identité déclarée, bulletin,
« Confirmer mon vote », page « A voté ». Entre deux votants, chaque client demande une page nue
(`/mentions-legales/`), dans le même passage. Puis les mêmes clients ne demandent que la page
nue pendant la même durée (débit de la page nue). Imprimé : bulletins/s, p50 et p95 de la
confirmation, du parcours entier et de la page nue, rapports bulletin / page nue, gain de 1 à 2
processus, et bulletins stockés = bulletins acceptés.

Cibles (issue 16, machine calme à 2 cœurs, PostgreSQL) : confirmation ≤ 2 × page nue (débit et
p95), ≥ 200 bulletins/s avec p95 < 100 ms, × 1,7 de 1 à 2 processus.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_NUE = "/mentions-legales/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _postgres_disponible() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb")


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _centile(valeurs: list[float], q: float) -> float:
    if not valeurs:
        return float("nan")
    valeurs = sorted(valeurs)
    return valeurs[min(len(valeurs) - 1, int(len(valeurs) * q))]


def _ms(valeurs: list[float]) -> str:
    return (
        f"p50 {_centile(valeurs, 0.5) * 1000:.0f} ms, p95 {_centile(valeurs, 0.95) * 1000:.0f} ms"
    )


# --- côté client (processus à part) -------------------------------------------------------


ETAPES = ("page d'identité", "identité", "bulletin", "confirmation", "« A voté »")


def _votant(session, base: str, slug: str, i: int, bulletin: dict) -> tuple[list[float], bool]:
    """Le parcours d'une personne ; rend la durée de chaque étape et l'acceptation."""
    url = f"{base}/budget-participatif/{slug}/voter/"
    entetes = {"Referer": url}
    durees: list[float] = []

    def etape(methode, adresse, **kw):
        debut = time.perf_counter()
        r = session.request(methode, adresse, headers=entetes, allow_redirects=False, **kw)
        durees.append(time.perf_counter() - debut)
        return r

    jeton = CSRF.search(etape("GET", url).text).group(1)
    identite = {"csrfmiddlewaretoken": jeton, "nom": f"Votant{i}", "prenom": "Banc",
                "naissance": f"{1 + i % 28:02d}/{1 + i // 28 % 12:02d}/{1950 + i // 336 % 50}",
                "commune": "Auch"}  # fmt: skip
    if etape("POST", url, data=identite).status_code != 302:
        return durees, False
    donnees = {"csrfmiddlewaretoken": jeton, "action": "recapitulatif", **bulletin}
    if etape("POST", f"{url}bulletin/", data=donnees).status_code != 302:
        return durees, False
    r = etape("POST", f"{url}recapitulatif/", data={"csrfmiddlewaretoken": jeton})
    if r.status_code != 302 or not r.headers["Location"].endswith("/voter/a-vote/"):
        return durees, False
    return durees, "A voté" in etape("GET", base + r.headers["Location"]).text


def _client_vote(args) -> dict:
    import requests

    base, slug, indices, bulletin = args
    mesures = {"parcours": [], "page_nue": [], "acceptes": 0, "requetes": 0}
    mesures.update({nom: [] for nom in ETAPES})
    nue = requests.Session()
    for i in indices:
        with requests.Session() as session:  # une personne, une session
            debut = time.perf_counter()
            durees, accepte = _votant(session, base, slug, i, bulletin)
            mesures["parcours"].append(time.perf_counter() - debut)
        for nom, duree in zip(ETAPES, durees, strict=False):
            mesures[nom].append(duree)
        mesures["acceptes"] += accepte
        mesures["requetes"] += len(durees)
        debut = time.perf_counter()
        nue.get(base + PAGE_NUE).raise_for_status()
        mesures["page_nue"].append(time.perf_counter() - debut)
    return mesures


def _client_page_nue(args) -> list[float]:
    import requests

    base, fin = args
    durees = []
    with requests.Session() as session:
        while time.time() < fin:
            debut = time.perf_counter()
            session.get(base + PAGE_NUE).raise_for_status()
            durees.append(time.perf_counter() - debut)
    return durees


# --- côté banc --------------------------------------------------------------------------------


def _campagne(slug: str) -> tuple[str, dict]:
    """Une campagne neuve en phase de vote : une enveloppe, quatre projets, 1 à 3 choix."""
    from django.utils import timezone

    from territoires.participation.models import Campagne, EnveloppeCampagne, Projet
    from territoires.referentiel.models import Commune

    if not Commune.objects.filter(nom="Auch", type=Commune.Type.ACTUELLE).exists():
        Commune.objects.create(code="32013", nom="Auch", nom_recherche="auch", population=22000)
    jour = timezone.localdate()
    d = timezone.timedelta
    c = Campagne.objects.create(
        slug=slug, titre="Banc de charge", budget_total=1000, deliberation_le=jour - d(200),
        idees_debut=jour - d(150), idees_fin=jour - d(100), analyse_fin=jour - d(10),
        vote_debut=jour - d(1), vote_fin=jour + d(30), realisation_debut=jour + d(60),
        evaluation_le=jour + d(400),
    )  # fmt: skip
    env = EnveloppeCampagne(campagne=c, nom="Générale", budget=1000, choix_min=1, choix_max=3)
    env._import = True
    env.save()
    projets = [
        Projet.objects.create(
            campagne=c,
            enveloppe=env,
            code=f"{k}",
            titre=f"Projet {k}",
            cout=100,
            soumis_au_vote=True,
        )  # fmt: skip
        for k in range(1, 5)
    ]
    return slug, {f"env_{env.pk}": [projets[0].pk, projets[2].pk]}


def _gunicorn(workers: int) -> tuple[subprocess.Popen, str]:
    import requests

    port = _port_libre()
    base = f"http://127.0.0.1:{port}"
    serveur = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "territoires.wsgi",
         "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=dict(os.environ, DEBUG="false", ALLOWED_HOSTS="127.0.0.1"),
    )  # fmt: skip
    for _ in range(600):
        try:
            requests.get(base + PAGE_NUE, timeout=30).raise_for_status()
            # Chaque processus charge ses URL à sa première requête : chauffer tout le monde.
            for _ in range(4 * workers):
                requests.get(base + PAGE_NUE, timeout=30)
            return serveur, base
        except requests.RequestException:
            if serveur.poll() is not None:
                raise SystemExit("gunicorn s'est arrêté au démarrage.") from None
            time.sleep(0.2)
    serveur.terminate()
    raise SystemExit("gunicorn ne répond pas.")


def passage(workers: int, votants: int, clients: int) -> dict:
    from territoires.participation.models import Bulletin, Votant

    slug, bulletin = _campagne(f"charge-{workers}-{time.time_ns()}")
    serveur, base = _gunicorn(workers)
    try:
        lots = [list(range(k, votants, clients)) for k in range(clients)]
        contexte = multiprocessing.get_context("spawn")
        with contexte.Pool(clients) as pool:
            debut = time.perf_counter()
            parts = pool.map(_client_vote, [(base, slug, lot, bulletin) for lot in lots])
            duree = time.perf_counter() - debut
            fin = time.time() + min(duree, 10.0)
            duree_nue = fin - time.time()
            nues = pool.map(_client_page_nue, [(base, fin)] * clients)
    finally:
        serveur.terminate()
        serveur.wait(15)
    r = {k: [v for p in parts for v in p[k]] for k in ("parcours", "page_nue", *ETAPES)}
    r["acceptes"] = sum(p["acceptes"] for p in parts)
    r["debit"] = r["acceptes"] / duree
    r["debit_requetes"] = sum(p["requetes"] for p in parts) / duree
    r["page_seule"] = [t for n in nues for t in n]
    r["debit_nue"] = len(r["page_seule"]) / duree_nue
    r["votants"] = Votant.objects.filter(campagne__slug=slug).count()
    r["bulletins"] = Bulletin.objects.filter(enveloppe__campagne__slug=slug).count()
    p95 = _centile(r["confirmation"], 0.95) / _centile(r["page_nue"], 0.95)
    etapes = " ; ".join(f"{n} {_centile(r[n], 0.5) * 1000:.0f} ms" for n in ETAPES)
    print(
        f"\n{workers} processus gunicorn (sync), {clients} clients, {votants} votants distincts"
        f" en {duree:.1f} s :\n"
        f"  bulletins : {r['debit']:.1f}/s ({r['debit_requetes']:.0f} requêtes HTTP/s) ;"
        f" confirmation {_ms(r['confirmation'])} ; parcours entier (5 requêtes)"
        f" {_ms(r['parcours'])}\n"
        f"  page nue pendant le vote : {_ms(r['page_nue'])} ; page nue seule :"
        f" {r['debit_nue']:.0f}/s, {_ms(r['page_seule'])}\n"
        f"  rapport confirmation / page nue : p95 × {p95:.2f} ;"
        f" débit page nue / requêtes du vote × {r['debit_nue'] / r['debit_requetes']:.2f}\n"
        f"  étapes (p50) : {etapes}\n"
        f"  acceptés {r['acceptes']}, votants stockés {r['votants']}, bulletins stockés"
        f" {r['bulletins']} : {'OUI' if r['acceptes'] == r['votants'] == r['bulletins'] else 'NON'}"
    )
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="essai court (80 votants)")
    parser.add_argument("--votants", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", default="1,2", help="processus gunicorn, ex. 1,2")
    parser.add_argument("--sqlite", action="store_true", help="SQLite même si PostgreSQL est là")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") and _postgres_disponible() and not args.sqlite:
        script = ROOT / "scripts" / "with-postgres.sh"
        os.execv(str(script), [str(script), sys.executable, *sys.argv])  # noqa: S606
    votants = 80 if args.rapide else args.votants
    clients = min(args.clients, 4) if args.rapide else args.clients
    with tempfile.TemporaryDirectory(prefix="territoires-charge-") as tmp:
        os.environ.setdefault("TERRITOIRES_VAR_DIR", tmp)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/charge.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        from django.db import connection

        call_command("migrate", verbosity=0)
        print(f"Base : {connection.vendor}"
              + ("" if connection.vendor == "postgresql" else " (PostgreSQL absent)"))  # fmt: skip
        print(f"Commande : {' '.join(['.venv/bin/python bench/charge_vote.py', *sys.argv[1:]])}")
        resultats = {}
        for w in [int(x) for x in args.workers.split(",")]:
            resultats[w] = passage(w, votants, clients)
            connection.close()
        if 1 in resultats and 2 in resultats:
            print(f"\nGain de 1 à 2 processus : bulletins/s × "
                  f"{resultats[2]['debit'] / resultats[1]['debit']:.2f} (cible × 1,7)")  # fmt: skip


if __name__ == "__main__":
    main()
