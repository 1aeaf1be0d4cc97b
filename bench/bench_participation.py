"""Banc du budget participatif (chiffres imprimés, rien n'est affirmé).

    .venv/bin/python bench/bench_participation.py [--sans-pabutools-add1]
    .venv/bin/python bench/bench_participation.py --mes-add1 [--pabutools-gros]
    .venv/bin/python bench/bench_participation.py --chiffres [--votants 50000] [--fois 5]
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_participation.py   # sur PostgreSQL

Base neuve et temporaire (SQLite dans un dossier temporaire, ou la base de DATABASE_URL, qui
doit être jetable). Mesures, chacune à côté de pabutools dans le même processus :

- `greedy` et `mes` sur Poland_Lodz_2024.pb (163 projets, 66 045 votants), bulletins lus dans
  la base compris — cibles < 1 s et < 5 s ;
- `mes-add1` sur France_Toulouse_2022.pb (199 projets, 4 532 votants) — cible < 60 s ;
- relecture des bulletins de Łódź : bulletins un par un (JSON) contre groupes compacts ;
- avec `--mes-add1` : `mes-add1` avant (bench/reference_mes_add1.py, la recherche pas à pas
  d'avant) et après, sur Łódź 2024 et sur un fichier synthétique de la taille de Warszawa 2026
  (bench/generateur_pabulib.py, 80 projets × 60 000 votants, déterministe), lauréats comparés ;
  pabutools sur les quartiers de Toulouse (et sur les gros fichiers avec `--pabutools-gros`,
  des heures) ; min et médiane sur 5 mesures quand une mesure dure moins de 5 s, 3 sous une
  minute, 1 au-delà (le nombre est imprimé) ;
- pages publiques de participation et de résultats d'une campagne de 50 000 votants réels
  (`--votants`) : registre et urne remplis par insertion en masse (`bulk_create` par lots de
  5 000), résultat compté, chaque page 5 fois au moins à côté d'une page nue du même passage
  (bench/mesure.py), requêtes comparées à une campagne de 100 votants — cible < 1 s ; seul
  avec `--chiffres`.

Le dépôt de bulletins par HTTP (identités distinctes, gunicorn 1 puis 2 processus, page nue du
même passage) a son propre banc : bench/charge_vote.py (l'ancien `--charge-http` d'ici postait
des codes sur un parcours de vote qui n'existe plus).

Fichiers : Pabulib (Stolicki, Szufa, Talmon, « Pabulib: A Participatory Budgeting Library »,
2020), lus dans ../shared/data/pabulib/ quand ils y sont, sinon dans tests/participation/data/.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import mesure  # noqa: E402, F401  (its production settings, before django.setup())

PARTAGE = ROOT.parent / "shared" / "data" / "pabulib"
LOCAL = ROOT / "tests" / "participation" / "data"
#: Rows inserted per `bulk_create` when filling a campaign's register and ballot box.
LOT = 5_000


def fichier(nom: str) -> Path | None:
    for dossier in (PARTAGE, Path("/work/shared/data/pabulib"), LOCAL):
        if (dossier / nom).is_file():
            return dossier / nom
    return None


def chrono(fonction):
    debut = time.perf_counter()
    resultat = fonction()
    return resultat, time.perf_counter() - debut


def mesures(fonction, *, court: float = 5.0, long: float = 60.0):
    """(résultat, durées) : 5 mesures si la première dure moins de `court` secondes, 3 sous
    `long`, sinon 1."""
    resultat, premiere = chrono(fonction)
    fois = 5 if premiere < court else 3 if premiere < long else 1
    durees = [premiere] + [chrono(fonction)[1] for _ in range(fois - 1)]
    return resultat, durees


def resume(durees: list[float]) -> str:
    import statistics

    return (
        f"min {min(durees):6.2f} s, médiane {statistics.median(durees):6.2f} s"
        f" ({len(durees)} mesure{'s' if len(durees) > 1 else ''})"
    )


def pabutools_regle(chemin: Path, methode: str):
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    (instance, profil), t_lecture = chrono(lambda: parse_pabulib(str(chemin)))
    if methode == "greedy":
        f = lambda: greedy_utilitarian_welfare(instance, profil, sat_class=Cost_Sat)  # noqa: E731
    elif methode == "mes":
        f = lambda: method_of_equal_shares(instance, profil, sat_class=Cost_Sat)  # noqa: E731
    else:
        f = lambda: completion_by_rule_combination(  # noqa: E731
            instance,
            profil,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    sortie, t_regle = chrono(f)
    return sorted(p.name for p in sortie), t_lecture, t_regle


def banc_regle(chemin: Path, slug: str, methodes: list[str], pabutools: set[str]) -> None:
    from territoires.participation import pabulib
    from territoires.participation.models import Campagne, Projet
    from territoires.participation.services.pabulib import campagne_import_pabulib
    from territoires.participation.services.resultats import resultat_compute

    contenu = pabulib.lire(chemin)
    campagne, t_import = chrono(lambda: campagne_import_pabulib(fichier=contenu, slug=slug))
    print(f"\n{chemin.name} : {len(contenu.projets)} projets, {len(contenu.votes)} votants")
    print(f"  import en base : {t_import:.2f} s")
    env = Campagne.objects.get(slug=slug).enveloppes.get()
    code_de = dict(Projet.objects.filter(enveloppe=env).values_list("pk", "code"))
    for methode in methodes:
        r, t = chrono(lambda m=methode: resultat_compute(enveloppe=env, methode=m))
        nous = sorted(code_de[pk] for pk in r.selectionnes)
        ligne = f"  {methode:9s} Territoires {t:7.2f} s (bulletins lus en base compris)"
        if methode in pabutools:
            attendu, t_lecture, t_regle = pabutools_regle(chemin, methode)
            identique = "identique" if attendu == nous else "DIFFÉRENT"
            ligne += (
                f" | pabutools {t_regle:7.2f} s (+ {t_lecture:.2f} s de lecture du fichier)"
                f" | lauréats {identique} ({len(nous)})"
            )
        else:
            ligne += f" | pabutools non lancé | {len(nous)} lauréats"
        print(ligne)
    del campagne


def banc_relecture(slug: str) -> None:
    """Relire l'urne pour le comptage : bulletins un par un (JSON) contre groupes compacts."""
    from territoires.participation.models import Campagne
    from territoires.participation.selectors import bulletins_list
    from territoires.participation.services.bulletins_compacts import bulletins_groupes

    env = Campagne.objects.get(slug=slug).enveloppes.get()
    un_par_un, d_json = mesures(lambda: bulletins_list(enveloppe=env))
    groupes, d_groupes = mesures(lambda: bulletins_groupes(enveloppe=env))
    from collections import Counter

    identiques = Counter(tuple(sorted(b)) for b in un_par_un) == groupes
    print(
        f"\nRelecture de {len(un_par_un)} bulletins ({len(groupes)} bulletins distincts) :\n"
        f"  un par un (JSON)  {resume(d_json)}\n"
        f"  groupes compacts  {resume(d_groupes)}"
        f" | {'identiques' if identiques else 'DIFFÉRENTS'} aux bulletins"
    )


def banc_mes_add1(chemin: Path, pabutools: bool) -> None:
    """`mes-add1` avant (pas à pas) et après (sauts, passe sur tableaux), lauréats comparés."""
    from reference_mes_add1 import mes_add1_avant

    from territoires.participation import depouillement, pabulib

    f = pabulib.lire(chemin)
    couts, bulletins, budget = f.couts(), f.bulletins(), f.budget
    print(f"\n{chemin.name} : {len(couts)} projets, {len(bulletins)} votants, mes-add1")
    apres, d_apres = mesures(lambda: depouillement.mes_add1(couts, bulletins, budget))
    print(f"  après  {resume(d_apres)}", flush=True)
    avant, d_avant = mesures(lambda: mes_add1_avant(couts, bulletins, budget))
    identiques = sorted(apres.selectionnes) == sorted(avant.selectionnes)
    identiques = identiques and apres.part_initiale == avant.part_initiale
    print(
        f"  avant  {resume(d_avant)} | {min(d_avant) / min(d_apres):.1f}× plus rapide"
        f" | lauréats et part retenue {'identiques' if identiques else 'DIFFÉRENTS'}"
        f" ({len(apres.selectionnes)} lauréats)"
    )
    if pabutools:
        attendu, _, t_regle = pabutools_regle(chemin, "mes-add1")
        nous = sorted(apres.selectionnes)
        print(
            f"  pabutools {t_regle:7.2f} s (1 mesure)"
            f" | lauréats {'identiques' if attendu == nous else 'DIFFÉRENTS'}"
        )


def _campagne_votee(slug: str, votants: int, rng, communes: list[int]):
    """A campaign whose vote closed yesterday, with `votants` real voters in its register and
    as many ballots in its box, inserted in bulk by batches (`bulk_create`), then counted."""
    import datetime
    import hashlib

    from django.utils import timezone

    from territoires.participation.models import (
        Bulletin,
        Campagne,
        Canal,
        EnveloppeCampagne,
        Projet,
        Votant,
    )
    from territoires.participation.services.resultats import resultat_compute
    from territoires.participation.services.votants import tranche_age

    jour = timezone.localdate()
    d = datetime.timedelta
    c = Campagne.objects.create(
        slug=slug, titre=f"Banc, {votants} votants", budget_total=300_000,
        deliberation_le=jour - d(400), idees_debut=jour - d(300), idees_fin=jour - d(200),
        analyse_fin=jour - d(100), vote_debut=jour - d(30), vote_fin=jour - d(1),
        realisation_debut=jour + d(60), evaluation_le=jour + d(400),
    )  # fmt: skip
    env = EnveloppeCampagne(campagne=c, nom="Générale", budget=300_000, choix_min=1, choix_max=5)
    env._import = True  # the campaign is already voted: its rules are frozen
    env.save()
    projets = Projet.objects.bulk_create(
        Projet(
            campagne=c,
            enveloppe=env,
            code=str(k),
            titre=f"Projet {k}",
            cout=5_000 * (1 + k % 12),
            soumis_au_vote=True,
        )  # fmt: skip
        for k in range(1, 31)
    )
    pks = [p.pk for p in projets]
    canaux = [Canal.EN_LIGNE] * 4 + [Canal.PAPIER]
    for debut in range(0, votants, LOT):
        taille = min(LOT, votants - debut)
        Votant.objects.bulk_create(
            Votant(
                campagne=c,
                empreinte=hashlib.sha256(f"{slug}-{debut + i}".encode()).hexdigest(),
                canal=rng.choice(canaux),
                jour=jour - d(rng.randint(1, 30)),
                tranche_age=tranche_age(rng.randint(11, 90)),
                commune_id=rng.choice(communes),
            )
            for i in range(taille)
        )
        # The box has no link to the register: the same number of ballots, drawn apart.
        Bulletin.objects.bulk_create(
            Bulletin(
                enveloppe=env,
                jour=jour - d(rng.randint(1, 30)),
                choix=sorted(rng.sample(pks, rng.randint(1, 5))),
            )  # fmt: skip
            for _ in range(taille)
        )
    resultat_compute(enveloppe=env)
    return c


def banc_chiffres(n: int = 50_000, fois: int = 5) -> None:
    """The public pages of a campaign of `n` real voters (register and ballot box filled),
    each timed at least 5 times beside a bare page of the same run (`bench/mesure.py`), their
    queries compared with a campaign of 100 voters — target < 1 s, queries constant."""
    import random

    from django.core.management import call_command
    from django.test import Client

    sys.path.insert(0, str(ROOT / "bench"))
    from mesure import NOTE, chronometrer, entete, ligne, page, page_nue

    from territoires.participation.models import Bulletin, Votant
    from territoires.referentiel.models import Commune

    if not Commune.objects.filter(departement__code="32").exists():
        call_command("referentiel_import", departements=["32"], verbosity=0)
    communes = list(
        Commune.objects.filter(departement__code="32", type=Commune.Type.ACTUELLE).values_list(
            "pk", flat=True
        )
    )
    rng = random.Random(1)  # noqa: S311
    debut = time.perf_counter()
    grande = _campagne_votee("banc-grande", n, rng, communes)
    remplissage = time.perf_counter() - debut
    petite = _campagne_votee("banc-petite", 100, rng, communes)
    votants = Votant.objects.filter(campagne=grande).count()
    bulletins = Bulletin.objects.filter(enveloppe__campagne=grande).count()
    print(
        f"\nCampagne de {votants} votants au registre et {bulletins} bulletins dans l'urne, "
        f"insérés et comptés en {remplissage:.1f} s ; requêtes comparées à 100 votants"
    )
    client = Client()
    nue = page_nue(fois)
    print(NOTE)
    print(entete(suite="  requêtes à 100"))
    print(ligne("page nue", nue, nue))
    constant = True
    for nom, chemin in (("participation", "participation/"), ("résultats", "resultats/")):
        m = chronometrer(page(client, f"/budget-participatif/{grande.slug}/{chemin}"), fois)
        petit = chronometrer(page(client, f"/budget-participatif/{petite.slug}/{chemin}"), 5)
        constant &= m.requetes == petit.requetes
        cible = "< 1 s : OUI" if m.mediane < 1000 else "< 1 s : NON"
        print(f"{ligne(f'{nom} ({votants} votants)', m, nue)}  {petit.requetes:>6d}  {cible}")
    print("nombre de requêtes constant : " + ("OUI" if constant else "NON"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sans-pabutools-add1",
        action="store_true",
        help="ne pas lancer pabutools en mes-add1 (plus de 3 minutes)",
    )
    parser.add_argument(
        "--mes-add1",
        action="store_true",
        help="seulement mes-add1 avant/après (Łódź 2024, synthétique 80 × 60 000, Toulouse)",
    )
    parser.add_argument(
        "--pabutools-gros",
        action="store_true",
        help="avec --mes-add1 : pabutools aussi sur les gros fichiers (des heures)",
    )
    parser.add_argument(
        "--chiffres",
        action="store_true",
        help="seulement les pages publiques d'une campagne de --votants votants réels",
    )
    parser.add_argument("--votants", type=int, default=50_000)
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque page (5 au moins)")
    args = parser.parse_args()
    if args.mes_add1:
        banc_mes_add1_seul(args.pabutools_gros)
        return
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        os.environ.setdefault("TERRITOIRES_VAR_DIR", tmp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
        os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        from django.db import connection

        call_command("migrate", verbosity=0)
        print(f"Base : {connection.vendor}")
        if args.chiffres:
            banc_chiffres(args.votants, max(5, args.fois))
            return
        lodz = fichier("Poland_Lodz_2024.pb")
        if lodz is None:
            print("Poland_Lodz_2024.pb absent : banc greedy/mes sauté.")
        else:
            banc_regle(lodz, "lodz", ["greedy", "mes"], {"greedy", "mes"})
            banc_relecture("lodz")
        toulouse = fichier("France_Toulouse_2022.pb")
        avec_pabutools = {"greedy", "mes"} | (set() if args.sans_pabutools_add1 else {"mes-add1"})
        banc_regle(toulouse, "toulouse", ["greedy", "mes", "mes-add1"], avec_pabutools)
        banc_chiffres(args.votants, max(5, args.fois))


def banc_mes_add1_seul(pabutools_gros: bool) -> None:
    """Sans base : la règle seule, sur les fichiers pabulib et le fichier synthétique."""
    sys.path.insert(0, str(ROOT))
    from generateur_pabulib import ecrire

    for chemin in sorted(LOCAL.glob("France_Toulouse_2022_*.pb")):
        banc_mes_add1(chemin, pabutools=True)
    banc_mes_add1(LOCAL / "France_Toulouse_2022.pb", pabutools=pabutools_gros)
    lodz = fichier("Poland_Lodz_2024.pb")
    if lodz is None:
        print("Poland_Lodz_2024.pb absent : sauté.")
    else:
        banc_mes_add1(lodz, pabutools=pabutools_gros)
    with tempfile.TemporaryDirectory(prefix="territoires-bench-") as tmp:
        banc_mes_add1(ecrire(Path(tmp) / "Synthetique_80x60000.pb"), pabutools=pabutools_gros)


if __name__ == "__main__":
    main()
