"""Synthetic data at national scale, for benchmarks.

    .venv/bin/python bench/synthetic.py [--tout | --departement 32 ...] [--agents 2] [--seed 1]
        [--sollicitations 200000] [--dossiers 200000] [--heures 1000000]
        [--database-url sqlite:////tmp/territoires-bench.sqlite3]

Imports the territories (if the database has none), then runs every registered generator in
order: the organisations of every collectivité and their agents, the demo of the Gers (its
schemes, sessions and accounts, with `demo charger`), then the modules' data spread over every
organisation of the imported territories (`bench/generateurs.py`): engineering requests, aid
dossiers, insertion hours. Each reads what earlier generators created. Figures are printed,
not asserted. Never point it at a production database: it writes millions of fake rows.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GENERATORS: list[tuple[str, Callable]] = []


def generator(name: str):
    def register(fn):
        GENERATORS.append((name, fn))
        return fn

    return register


@generator("organisations des collectivités")
def organisations(ctx):
    from territoires.comptes.models import Organisation
    from territoires.referentiel.models import Commune, Epci

    existing_communes = set(
        Organisation.objects.filter(type=Organisation.Type.COMMUNE).values_list(
            "commune_id", flat=True
        )
    )
    existing_epcis = set(
        Organisation.objects.filter(type=Organisation.Type.EPCI).values_list("epci_id", flat=True)
    )
    rows = [
        Organisation(nom=f"Commune de {c.nom}", type="commune", siren=c.siren, commune_id=c.pk)
        for c in Commune.objects.actuels()
        .filter(type=Commune.Type.ACTUELLE)
        .only("pk", "nom", "siren")
        .iterator(chunk_size=5000)
        if c.pk not in existing_communes
    ]
    rows += [
        Organisation(nom=e.nom, type="epci", siren=e.siren, epci_id=e.pk)
        for e in Epci.objects.actuels().only("pk", "nom", "siren")
        if e.pk not in existing_epcis
    ]
    Organisation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@generator("agents des collectivités")
def agents(ctx):
    from django.contrib.auth.hashers import make_password

    from territoires.comptes.models import Membre, Organisation, Role, User

    password = make_password("territoires-bench")
    organisations = list(
        Organisation.objects.filter(type__in=Organisation.TYPES_COLLECTIVITE, membres=None).only(
            "pk"
        )
    )
    users = []
    for org in organisations:
        for i in range(ctx.agents):
            users.append(User(email=f"agent{i}.{org.pk}@bench.invalid", password=password))
    User.objects.bulk_create(users, batch_size=2000)
    by_email = dict(
        User.objects.filter(email__endswith="@bench.invalid").values_list("email", "pk")
    )
    membres = [
        Membre(
            user_id=by_email[f"agent{i}.{org.pk}@bench.invalid"],
            organisation_id=org.pk,
            role=Role.GESTIONNAIRE if i == 0 else Role.AGENT,
        )
        for org in organisations
        for i in range(ctx.agents)
    ]
    Membre.objects.bulk_create(membres, batch_size=2000)
    return len(users)


@generator("démonstration du Gers")
def demonstration(ctx):
    from django.core.management import call_command

    from territoires.comptes.models import User

    if User.objects.filter(email="conseiller@territoires.test").exists():
        return 0
    call_command("demo_charger", departement="32", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return User.objects.filter(email__endswith="@territoires.test").count()


def _collectivites():
    from territoires.comptes.models import Organisation

    communes = list(
        Organisation.objects.filter(type=Organisation.Type.COMMUNE, commune__isnull=False)
        .select_related("commune", "commune__epci")
        .order_by("pk")
    )
    epcis = list(
        Organisation.objects.filter(type=Organisation.Type.EPCI, epci__isnull=False)
        .select_related("epci")
        .order_by("pk")
    )
    return communes, epcis


@generator("sollicitations d'ingénierie")
def sollicitations(ctx):
    import generateurs

    from territoires.comptes.models import User

    communes, epcis = _collectivites()
    referents = [User.objects.get(email="conseiller@territoires.test")]
    return generateurs.sollicitations(
        ctx.sollicitations, rng=ctx.rng, orgs_communes=communes, orgs_epcis=epcis,
        referents=referents,
    )  # fmt: skip


@generator("dossiers d'aide (DDR)")
def dossiers(ctx):
    import generateurs
    from django.utils import timezone

    from territoires.aides.models import Dispositif, Dossier

    communes, _ = _collectivites()
    ddr = Dispositif.objects.filter(code="ddr").first() or Dispositif.objects.first()
    return generateurs.dossiers(
        ctx.dossiers, rng=ctx.rng, organisations=communes, dispositif=ddr,
        today=timezone.localdate(), premier_numero=Dossier.objects.count() + 1,
    )  # fmt: skip


@generator("heures d'insertion")
def heures(ctx):
    import generateurs

    communes, _ = _collectivites()
    return generateurs.heures(
        ctx.heures, rng=ctx.rng, organisations=communes,
        communes=[o.commune_id for o in communes],
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/territoires-bench.sqlite3")
    parser.add_argument("--tout", action="store_true", help="toute la France")
    parser.add_argument("--departement", action="append", default=None)
    parser.add_argument("--agents", type=int, default=2, help="agents par collectivité")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sollicitations", type=int, default=200_000)
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--heures", type=int, default=1_000_000)
    ctx = parser.parse_args()
    random.seed(ctx.seed)
    ctx.rng = random.Random(ctx.seed)  # noqa: S311

    os.environ["DATABASE_URL"] = ctx.database_url
    os.environ.setdefault("TERRITOIRES_ENV", "development")
    os.environ.setdefault("TERRITOIRES_VAR_DIR", "/tmp/territoires-bench-var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from territoires.referentiel.models import Commune

    if not Commune.objects.exists():
        start = time.perf_counter()
        if ctx.tout:
            call_command("referentiel_import", tout=True, verbosity=0)
        else:
            call_command("referentiel_import", departements=ctx.departement or ["32"], verbosity=0)
        print(f"référentiel importé en {time.perf_counter() - start:.1f} s")

    for name, fn in GENERATORS:
        start = time.perf_counter()
        count = fn(ctx)
        print(f"{name:40} {count:>9} lignes  {time.perf_counter() - start:6.1f} s")
    # As production has them: the nightly `territoires base statistiques`, and on PostgreSQL
    # the autovacuum's visibility map after a bulk load (bench/mesure.py).
    from mesure import analyser

    analyser()


if __name__ == "__main__":
    main()
