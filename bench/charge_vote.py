"""Banc de charge du vote : de vrais bulletins par HTTP, à côté d'une page nue (rien n'est affirmé).

    .venv/bin/python bench/charge_vote.py [--rapide] [--votants N] [--simultanees K] [--workers 1,2]

Sans DATABASE_URL, le banc se relance dans une base PostgreSQL jetable (scripts/with-postgres.sh)
quand PostgreSQL est installé, sinon sur SQLite (dit dans la sortie). Avec DATABASE_URL, cette
base doit être jetable.

Pour chaque nombre de processus gunicorn (workers sync, réglés comme en production :
`CONN_MAX_AGE=60`, voir docs/deploiement.md), une campagne neuve en phase de vote, et trois
mesures dans le même passage, par le même client (bench/http_brut.py : quelques dizaines de
microsecondes de Python par requête, pour laisser le processeur au serveur et à la base) :

1. **Bulletins** : N personnes distinctes, chacune avec sa session, font d'abord (hors chrono)
   ce qu'un navigateur fait avant de voter : page d'identité (jeton CSRF), identité déclarée,
   choix du bulletin. Puis leurs N « Confirmer mon vote » (le POST qui écrit le registre et
   l'urne) partent K à la fois : bulletins/s, p50, p95.
2. **Page nue** (`/mentions-legales/`) : N demandes, K à la fois, juste après : requêtes/s, p50,
   p95. Rapports bulletin / page nue (débit et p95).
3. **Parcours entier** : N/4 autres personnes font tout le parcours (page d'identité, identité,
   bulletin, confirmation, « A voté ») : parcours/s, p50 et p95 de chaque étape.

Vérifié à chaque passage : bulletins acceptés = votants stockés = bulletins stockés.

Cibles (issue 16, machine calme à 2 cœurs, PostgreSQL) : bulletin ≤ 2 × page nue (débit et
p95), ≥ 200 bulletins/s avec p95 < 100 ms, × 1,7 de 1 à 2 processus. Ici, le client, le serveur
et PostgreSQL partagent les mêmes 2 cœurs : le banc imprime la charge de la machine avant de
mesurer.
"""

from __future__ import annotations

import argparse
import asyncio
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_brut import Navigateur, en_parallele  # noqa: E402

PAGE_NUE = "/mentions-legales/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOTE = "127.0.0.1"
ETAPES = ("page d'identité", "identité", "bulletin", "confirmation", "« A voté »")


def _postgres_disponible() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or shutil.which("initdb")


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind((HOTE, 0))
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


# --- côté client --------------------------------------------------------------------------------


class Votant:
    """One person voting through the site, with their own cookies."""

    def __init__(self, port: int, slug: str, i: int, bulletin: dict):
        self.nav = Navigateur(HOTE, port)
        self.url = f"/budget-participatif/{slug}/voter/"
        self.referer = f"http://{HOTE}:{port}{self.url}"
        self.i, self.bulletin = i, bulletin
        self.durees: list[float] = []
        self.jeton = ""

    async def _etape(self, methode: str, chemin: str, donnees: dict | None = None):
        r = await self.nav.requete(methode, chemin, donnees, referer=self.referer)
        self.durees.append(r.duree)
        return r

    async def preparer(self) -> bool:
        """Identity page, declared identity, ballot: what precedes « Confirmer mon vote »."""
        i = self.i
        r = await self._etape("GET", self.url)
        self.jeton = CSRF.search(r.texte).group(1)
        identite = {"csrfmiddlewaretoken": self.jeton, "nom": f"Votant{i}", "prenom": "Banc",
                    "naissance": f"{1 + i % 28:02d}/{1 + i // 28 % 12:02d}/{1950 + i // 336 % 50}",
                    "commune": "Auch"}  # fmt: skip
        if (await self._etape("POST", self.url, identite)).statut != 302:
            return False
        donnees = {"csrfmiddlewaretoken": self.jeton, "action": "recapitulatif", **self.bulletin}
        return (await self._etape("POST", f"{self.url}bulletin/", donnees)).statut == 302

    async def confirmer(self) -> str | None:
        """The POST that writes the register and the ballot box; the « A voté » address."""
        r = await self._etape(
            "POST", f"{self.url}recapitulatif/", {"csrfmiddlewaretoken": self.jeton}
        )
        lieu = r.entete("location") or ""
        return lieu if r.statut == 302 and lieu.endswith("/voter/a-vote/") else None

    async def parcours(self) -> bool:
        if not await self.preparer():
            return False
        lieu = await self.confirmer()
        if not lieu:
            return False
        return "A voté" in (await self._etape("GET", lieu)).texte


async def _page_nue(port: int, n: int, simultanees: int) -> tuple[list[float], float]:
    nav = Navigateur(HOTE, port)

    async def une():
        r = await nav.requete("GET", PAGE_NUE)
        if r.statut != 200:
            raise SystemExit(f"page nue : HTTP {r.statut}")
        return r.duree

    debut = time.perf_counter()
    durees = await en_parallele([une] * n, simultanees)
    return durees, time.perf_counter() - debut


async def _mesurer(port: int, slug: str, bulletin: dict, n: int, simultanees: int) -> dict:
    # Chauffe : chaque processus charge ses gabarits et ouvre sa connexion à la base.
    await en_parallele(
        [Votant(port, slug, 10_000_000 + k, bulletin).parcours for k in range(4 * simultanees)],
        simultanees,
    )
    await _page_nue(port, 4 * simultanees, simultanees)

    votants = [Votant(port, slug, k, bulletin) for k in range(n)]
    prets = await en_parallele([v.preparer for v in votants], simultanees)
    if not all(prets):
        raise SystemExit(f"{prets.count(False)} votants n'ont pas pu préparer leur bulletin.")
    for v in votants:
        v.durees.clear()
    debut = time.perf_counter()
    lieux = await en_parallele([v.confirmer for v in votants], simultanees)
    duree_urne = time.perf_counter() - debut
    nues, duree_nue = await _page_nue(port, n, simultanees)

    autres = [Votant(port, slug, n + k, bulletin) for k in range(max(n // 4, 1))]
    debut = time.perf_counter()
    complets = await en_parallele([v.parcours for v in autres], simultanees)
    duree_parcours = time.perf_counter() - debut
    return {
        "acceptes": sum(1 for lieu in lieux if lieu) + sum(complets) + 4 * simultanees,
        "bulletins_acceptes": sum(1 for lieu in lieux if lieu),
        "confirmation": [v.durees[0] for v in votants],
        "duree_urne": duree_urne,
        "nue": nues,
        "duree_nue": duree_nue,
        "parcours_ok": sum(complets),
        "duree_parcours": duree_parcours,
        "etapes": {
            e: [v.durees[k] for v in autres if len(v.durees) > k] for k, e in enumerate(ETAPES)
        },  # fmt: skip
        "parcours": [sum(v.durees) for v in autres],
    }


# --- côté banc ----------------------------------------------------------------------------------


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
        Projet(campagne=c, enveloppe=env, code=f"{k}", titre=f"Projet {k}", cout=100,
               soumis_au_vote=True)
        for k in range(1, 5)
    ]  # fmt: skip
    for p in projets:
        p._import = True  # la liste soumise au vote, figée à l'ouverture, écrite avant
        p.save()
    return slug, {f"env_{env.pk}": [projets[0].pk, projets[2].pk]}


def _gunicorn(workers: int, conn_max_age: int) -> tuple[subprocess.Popen, int]:
    port = _port_libre()
    serveur = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "territoires.wsgi",
         "--workers", str(workers), "--worker-class", "sync", "--bind", f"{HOTE}:{port}",
         "--backlog", "2048", "--log-level", "warning"],
        cwd=ROOT,
        # Réglé comme docs/deploiement.md : une connexion à la base gardée par processus.
        env=dict(os.environ, DEBUG="false", ALLOWED_HOSTS=HOTE, CONN_MAX_AGE=str(conn_max_age)),
    )  # fmt: skip
    for _ in range(600):
        try:
            with socket.create_connection((HOTE, port), timeout=1):
                return serveur, port
        except OSError:
            if serveur.poll() is not None:
                raise SystemExit("gunicorn s'est arrêté au démarrage.") from None
            time.sleep(0.2)
    serveur.terminate()
    raise SystemExit("gunicorn ne répond pas.")


def passage(workers: int, votants: int, simultanees: int, conn_max_age: int = 60) -> dict:
    from territoires.participation.models import Bulletin
    from territoires.participation.models import Votant as Registre

    slug, bulletin = _campagne(f"charge-{workers}-{time.time_ns()}")
    serveur, port = _gunicorn(workers, conn_max_age)
    try:
        r = asyncio.run(_mesurer(port, slug, bulletin, votants, simultanees))
    finally:
        serveur.terminate()
        serveur.wait(15)
    r["debit"] = r["bulletins_acceptes"] / r["duree_urne"]
    r["debit_nue"] = len(r["nue"]) / r["duree_nue"]
    r["votants"] = Registre.objects.filter(campagne__slug=slug).count()
    r["bulletins"] = Bulletin.objects.filter(enveloppe__campagne__slug=slug).count()
    p95 = _centile(r["confirmation"], 0.95) / _centile(r["nue"], 0.95)
    juste = r["acceptes"] == r["votants"] == r["bulletins"]
    etapes = " ; ".join(f"{e} {_centile(v, 0.5) * 1000:.0f} ms" for e, v in r["etapes"].items())
    print(
        f"\n{workers} processus gunicorn (sync, CONN_MAX_AGE={conn_max_age}),"
        f" {simultanees} requêtes simultanées :\n"
        f"  bulletins (« Confirmer mon vote ») : {r['bulletins_acceptes']} en"
        f" {r['duree_urne']:.2f} s = {r['debit']:.0f}/s ; {_ms(r['confirmation'])}\n"
        f"  page nue : {len(r['nue'])} en {r['duree_nue']:.2f} s = {r['debit_nue']:.0f}/s ;"
        f" {_ms(r['nue'])}\n"
        f"  bulletin / page nue : débit × {r['debit_nue'] / r['debit']:.2f},"
        f" p95 × {p95:.2f} (cible ≤ 2)\n"
        f"  parcours entier (5 requêtes) : {r['parcours_ok']} en {r['duree_parcours']:.2f} s"
        f" = {r['parcours_ok'] / r['duree_parcours']:.1f}/s ; {_ms(r['parcours'])} ;"
        f" étapes (p50) : {etapes}\n"
        f"  acceptés {r['acceptes']}, votants stockés {r['votants']}, bulletins stockés"
        f" {r['bulletins']} : {'OUI' if juste else 'NON'}"
    )
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="essai court (200 votants)")
    parser.add_argument("--votants", type=int, default=2000)
    parser.add_argument("--simultanees", type=int, default=8, help="requêtes en vol")
    parser.add_argument("--workers", default="1,2", help="processus gunicorn, ex. 1,2")
    parser.add_argument("--sqlite", action="store_true", help="SQLite même si PostgreSQL est là")
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="comme docs/deploiement.md ; 0 : comparaison"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL") and _postgres_disponible() and not args.sqlite:
        script = ROOT / "scripts" / "with-postgres.sh"
        os.execv(str(script), [str(script), sys.executable, *sys.argv])  # noqa: S606
    votants = 200 if args.rapide else args.votants
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
        sqlite = "" if connection.vendor == "postgresql" else " (PostgreSQL absent ou --sqlite)"
        print(f"Base : {connection.vendor}{sqlite}")
        print(f"Commande : {' '.join(['.venv/bin/python bench/charge_vote.py', *sys.argv[1:]])}")
        print(
            f"Charge de la machine avant mesure : {os.getloadavg()[0]:.2f} ({os.cpu_count()} cœurs)"
        )
        resultats = {}
        for w in [int(x) for x in args.workers.split(",")]:
            resultats[w] = passage(w, votants, args.simultanees, args.conn_max_age)
            connection.close()
        if 1 in resultats and 2 in resultats:
            un, deux = resultats[1], resultats[2]
            print(
                f"\nGain de 1 à 2 processus : bulletins/s × {deux['debit'] / un['debit']:.2f}"
                f" (cible × 1,7) ; page nue × {deux['debit_nue'] / un['debit_nue']:.2f}"
            )


if __name__ == "__main__":
    main()
