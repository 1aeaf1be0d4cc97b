"""Benchmark of the clauses module (printed, not asserted).

    .venv/bin/python bench/bench_clauses.py                 # SQLite (temporary database)
    scripts/with-postgres.sh .venv/bin/python bench/bench_clauses.py   # PostgreSQL

1. Import of a workbook of 100,000 `heures` rows (target < 30 s), then the same file again
   (idempotent: nothing created).
2. The yearly report of a year holding all of 2,000,000 hour rows (every generated row falls
   in it; target ≤ 3× a raw GROUP BY over the same rows): the selector, the report's page,
   its JSON export and the public figures page, each timed --fois times (5 by default), min
   and median printed beside a bare page and the raw GROUP BY timed in the same run
   (`bench/mesure.py`: an untimed warm-up first, 5 timed calls at least). The
   rows are generated in SQL (generate_series) on PostgreSQL, by bulk inserts elsewhere
   (--lignes); people carry one or two eligibility criteria.

Without DATABASE_URL the run uses a fresh temporary SQLite database, never a real one.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from mesure import chronometrer, fois_valide, page, page_nue  # noqa: E402

#: The year of the report: every generated hour line falls in it.
ANNEE = 2023


def setup(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["TERRITOIRES_VAR_DIR"] = tmp
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def referentiel() -> list[str]:
    from territoires.referentiel.models import Commune, Departement, Region

    region, _ = Region.objects.get_or_create(code="76", defaults={"nom": "Occitanie"})
    gers, _ = Departement.objects.get_or_create(
        code="32", defaults={"nom": "Gers", "region": region}
    )
    codes = [f"32{n:03d}" for n in range(1, 41)]
    for code in codes:
        Commune.objects.get_or_create(
            code=code,
            type=Commune.Type.ACTUELLE,
            defaults={"nom": f"Commune {code}", "departement": gers},
        )
    return codes


def siret(n: int, prefix: str) -> str:
    from stdnum import luhn

    base = f"{prefix}{n:07d}"[-8:]
    siren = base + luhn.calc_check_digit(base)
    etab = siren + "0001"
    return etab + luhn.calc_check_digit(etab)


def classeur(chemin: Path, lignes: int, communes: list[str]) -> None:
    from openpyxl import Workbook

    from territoires.clauses.imports.colonnes import COLONNES_HEURES, COLONNES_MARCHES

    rng = random.Random(5)  # noqa: S311
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("marches")
    ws.append(COLONNES_MARCHES)
    lots = []
    for m in range(200):
        acheteur = siret(m % 30, "2")
        for lot in range(1, 4):
            ws.append([f"B-{m:04d}", acheteur, f"Acheteur {m % 30}", "commune", f"Op {m}",
                       f"Travaux {m}", "2022-01-15", str(lot), "execution", 1000])  # fmt: skip
            lots.append((f"B-{m:04d}", acheteur, str(lot)))
    ws = wb.create_sheet("heures")
    ws.append(COLONNES_HEURES)
    mois = [f"2022-{m:02d}" for m in range(1, 13)]
    contrats = lignes // 12 + 1
    ecrites = 0
    for c in range(contrats):
        lot = lots[c % len(lots)]
        entreprise = siret(c % 400, "4")
        for m in mois:
            if ecrites >= lignes:
                break
            ws.append([lot[0], lot[1], lot[2], entreprise, f"Entreprise {c % 400}", 15,
                       communes[c % len(communes)], f"B{c:06d}", "F" if c % 9 == 0 else "M",
                       1980 + c % 25, communes[(c * 7) % len(communes)], "DELD;JEUNE",
                       "CDD_LONG", "2022-01-01", "2022-12-31", m,
                       rng.choice([35, 70, 151.67])])  # fmt: skip
            ecrites += 1
    wb.save(chemin)


def bench_import(tmp: str, lignes: int) -> None:
    from tqdm import tqdm

    from territoires.clauses import services
    from territoires.clauses.models import HeuresMensuelles

    communes = referentiel()
    chemin = Path(tmp) / "bench.xlsx"
    debut = time.perf_counter()
    classeur(chemin, lignes, communes)
    print(f"Classeur de {lignes} lignes d'heures écrit en {time.perf_counter() - debut:.1f} s")
    for passage in ("premier import", "second import (identique)"):
        barre = tqdm(total=9, unit="étape")

        def progres(fait, total, message, barre=barre):
            barre.n = fait
            barre.set_description(message[:50])
            barre.refresh()

        debut = time.perf_counter()
        resultat = services.classeur_import(fichier=chemin, on_progress=progres)
        duree = time.perf_counter() - debut
        barre.close()
        print(
            f"{passage} : {duree:.1f} s (objectif < 30 s) ; créées : {resultat.crees['heures']} "
            f"lignes d'heures ; modifiées : {resultat.modifies['heures']}"
        )
    print(f"Lignes d'heures en base : {HeuresMensuelles.objects.count()}")


def bench_rapport(lignes: int, fois: int = 5) -> None:
    from django.db import connection

    from territoires.clauses import selectors
    from territoires.clauses.models import (
        Contrat,
        Critere,
        DonneurOrdre,
        Entreprise,
        HeuresMensuelles,
        Lot,
        Marche,
        Participant,
    )

    communes = referentiel()
    from territoires.referentiel.models import Commune

    commune_ids = list(Commune.objects.filter(code__in=communes).values_list("pk", flat=True))
    debut = time.perf_counter()
    donneurs = DonneurOrdre.objects.bulk_create(
        DonneurOrdre(siret=siret(i, "3"), nom=f"Donneur {i}", categorie="commune")
        for i in range(60)
    )
    marches = Marche.objects.bulk_create(
        Marche(
            donneur_ordre=donneurs[i % 60],
            reference=f"R-{i}",
            objet=f"Marché {i}",
            date_notification=datetime.date(2019 + i % 6, 1 + i % 12, 1),
        )  # fmt: skip
        for i in range(1500)
    )
    lots = Lot.objects.bulk_create(
        Lot(marche=marches[i % 1500], numero=str(i), heures_prescrites=800) for i in range(4000)
    )
    entreprises = Entreprise.objects.bulk_create(
        Entreprise(
            siret=siret(i, "5"), nom=f"E{i}", effectif=i % 60, commune_id=commune_ids[i % 40]
        )
        for i in range(2000)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            identifiant=f"X{i}", sexe="F" if i % 11 == 0 else "M", reside_departement=i % 5 != 0
        )
        for i in range(20000)
    )
    # One or two eligibility criteria per person, as in the facilitator's files.
    criteres = list(Critere.objects.values_list("pk", flat=True))
    Through = Participant.criteres.through
    Through.objects.bulk_create(
        Through(participant_id=p.pk, critere_id=criteres[(i + k) % len(criteres)])
        for i, p in enumerate(participants)
        for k in range(1 + i % 2)
    )
    contrats = Contrat.objects.bulk_create(
        Contrat(
            participant=participants[i % 20000],
            entreprise=entreprises[i % 2000],
            type_contrat=Contrat.Type.values[i % 9],
            date_debut=datetime.date(2019, 1, 1),
        )  # fmt: skip
        for i in range(25000)
    )
    nc, nl = len(contrats), len(lots)
    cmin, lmin = contrats[0].pk, lots[0].pk
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO clauses_heuresmensuelles
                    (contrat_id, lot_id, participant_id, entreprise_id, mois, heures)
                SELECT c.id, %s + ((g %% %s) + g / (%s * 12)) %% %s, c.participant_id,
                       c.entreprise_id,
                       (date '2023-01-01' + ((g / %s) %% 12) * interval '1 month')::date,
                       35 + (g %% 7) * 10
                FROM generate_series(0, %s - 1) AS g
                JOIN clauses_contrat c ON c.id = %s + (g %% %s)
                """,
                [lmin, nc, nc, nl, nc, lignes, cmin, nc],
            )
            cursor.execute("ANALYZE")
    else:
        lot = 0
        rows = []
        for g in range(lignes):
            c = contrats[g % nc]
            rows.append(
                HeuresMensuelles(
                    contrat_id=c.pk,
                    lot_id=lmin + ((g % nc) + g // (nc * 12)) % nl,
                    participant_id=c.participant_id,
                    entreprise_id=c.entreprise_id,
                    mois=datetime.date(ANNEE, 1 + (g // nc) % 12, 1),
                    heures=35 + (g % 7) * 10,
                )  # fmt: skip
            )
            if len(rows) == 50000:
                HeuresMensuelles.objects.bulk_create(rows)
                rows, lot = [], lot + 1
        HeuresMensuelles.objects.bulk_create(rows)
    print(
        f"{HeuresMensuelles.objects.count()} lignes d'heures générées en "
        f"{time.perf_counter() - debut:.1f} s ({connection.vendor})"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    dans_l_annee = HeuresMensuelles.objects.filter(mois__year=ANNEE).count()
    print(f"dont {dans_l_annee} dans l'année du bilan, {ANNEE}")
    assert dans_l_annee == lignes, "l'année du bilan doit contenir toutes les lignes annoncées"

    def brut():
        # The figures' own work: one pass, one GROUP BY, over the same rows.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT entreprise_id, SUM(heures), COUNT(DISTINCT participant_id) "
                "FROM clauses_heuresmensuelles WHERE mois >= %s AND mois < %s "
                "GROUP BY entreprise_id",
                [datetime.date(ANNEE, 1, 1), datetime.date(ANNEE + 1, 1, 1)],
            )
            return cursor.fetchall()

    mesures = {
        "page nue /mentions-legales/": page_nue(fois),
        "GROUP BY brut (SQL)": chronometrer(brut, fois),
        "bilan_annuel (sélecteur)": chronometrer(lambda: selectors.bilan_annuel(ANNEE), fois),
        **mesures_pages(fois),
    }
    bilan = selectors.bilan_annuel(ANNEE)
    for nom, m in mesures.items():
        print(
            f"{nom:42} min {m.min:9.1f} ms  médiane {m.mediane:9.1f} ms  "
            f"{m.requetes:3d} requêtes  ({m.fois} fois)"
        )
    brut_m = mesures["GROUP BY brut (SQL)"]
    nue_m = mesures["page nue /mentions-legales/"]
    for nom in ("bilan_annuel (sélecteur)", "page /clauses/bilan/", "export JSON du bilan"):
        print(
            f"{nom:42} ×{mesures[nom].ratio(brut_m):4.1f} le GROUP BY brut (objectif ≤ 3)  "
            f"×{mesures[nom].ratio(nue_m):6.1f} la page nue  (médianes)"
        )
    print(
        f"Bilan {ANNEE} : {bilan['heures_realisees']} h, {bilan['participants']} participants, "
        f"{bilan['entreprises']} entreprises, {bilan['donneurs_ordre']} donneurs d'ordre, "
        f"{bilan['participants_contrats_longs']} en contrat long, "
        f"{bilan['participants_plusieurs_chantiers']} sur plusieurs chantiers"
    )


def mesures_pages(fois: int) -> dict:
    """The report's pages through Django's test client (the whole request: middlewares,
    session, template), timed like the bare page of the same run."""
    from django.test import Client

    from territoires.comptes.models import Role
    from tests.comptes.factories import ServiceFactory, login, member

    facilitatrice = Client()
    login(facilitatrice, member(Role.FACILITATEUR, organisation=ServiceFactory()))
    anonyme = Client()
    bilan = f"/clauses/bilan/?annee={ANNEE}"
    return {
        "page /clauses/bilan/": chronometrer(page(facilitatrice, bilan), fois),
        "export JSON du bilan": chronometrer(
            page(facilitatrice, f"/clauses/bilan/export/?annee={ANNEE}&format=json"), fois
        ),
        "page publique /clauses/chiffres/": chronometrer(
            page(anonyme, f"/clauses/chiffres/?annee={ANNEE}"), fois
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-lignes", type=int, default=100_000)
    parser.add_argument("--lignes", type=int, default=2_000_000)
    parser.add_argument("--sans-import", action="store_true")
    parser.add_argument("--sans-rapport", action="store_true")
    parser.add_argument("--fois", type=int, default=5, help="mesures de chaque calcul (au moins 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="territoires-bench-clauses-") as tmp:
        setup(tmp)
        from django.db import connection

        print(f"Base : {connection.vendor}")
        if not args.sans_import:
            bench_import(tmp, args.import_lignes)
        if not args.sans_rapport:
            from territoires.clauses.models import HeuresMensuelles

            HeuresMensuelles.objects.all().delete()
            bench_rapport(args.lignes, fois_valide(args.fois))  # at least 5 times each


if __name__ == "__main__":
    main()
