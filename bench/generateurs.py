"""Believable module data in bulk, for the benchmarks (never for a real database).

One function per module, each writing by batches (bounded memory) and returning the number of
rows it wrote: engineering requests and aid dossiers spread over the given organisations (the
whole country with `bench/synthetic.py --tout`), insertion hours on buyers and participants
spread over the communes. `bench/synthetic.py` runs them after the demo of the Gers is loaded
(schemes, sessions, the demo advisor), `bench/bench_aides.py` uses the dossiers one alone.
"""

import datetime
import random
from decimal import Decimal

LOT = 5000

# Share of each state among generated dossiers: most are paid, some still in the pipeline.
STATUTS_DOSSIERS = [
    ("solde", 30),
    ("paye_partiellement", 10),
    ("engage", 8),
    ("attribue", 8),
    ("refuse", 8),
    ("sans_suite", 4),
    ("caduc", 2),
    ("depose", 8),
    ("incomplet", 4),
    ("en_instruction", 10),
    ("propose", 4),
    ("programme", 4),
]


def dossiers(
    n: int,
    *,
    rng: random.Random,
    organisations: list,
    dispositif,
    today: datetime.date,
    premier_numero: int = 1,
) -> int:
    """`n` DDR-like dossiers of `organisations`, filed 2019 → today, in their session."""
    from django.utils import timezone

    from territoires.aides import selectors
    from territoires.aides.demo import PROJETS_DDR, siret_de
    from territoires.aides.models import Dossier

    etats = [e for e, _ in STATUTS_DOSSIERS]
    poids = [w for _, w in STATUTS_DOSSIERS]
    sessions: dict = {}
    batch: list = []
    for numero in range(premier_numero, premier_numero + n):
        annee = rng.randrange(2019, today.year + 1)
        depose = datetime.date(annee, 1, 1) + datetime.timedelta(days=rng.randrange(330))
        cle = (annee, depose.month < 4, depose.month < 8)
        if cle not in sessions:
            sessions[cle] = selectors.session_for_filing(dispositif, depose)
        session = sessions[cle]
        statut = rng.choices(etats, poids)[0]
        organisation = rng.choice(organisations)
        cout = Decimal(rng.randrange(10, 100) * 500)
        demande = min(Decimal(12000), cout * Decimal("0.4"))
        attribue = statut in Dossier.STATUTS_ATTRIBUES or statut == "caduc"
        dossier = Dossier(
            numero=f"B-{numero:07d}",
            dispositif=dispositif,
            organisation=organisation,
            session=session,
            intitule=rng.choice(PROJETS_DDR),
            cout_ht=cout,
            montant_demande=demande,
            montant_propose=demande if statut not in ("depose", "incomplet") else None,
            montant_attribue=demande if attribue else None,
            decide_le=session.date_commission if attribue else None,
            siret_beneficiaire=siret_de(organisation.siren),
            statut=statut,
            depose_le=timezone.make_aware(datetime.datetime.combine(depose, datetime.time(10))),
        )
        if statut in ("paye_partiellement", "solde"):
            dossier.premier_paiement_le = session.date_commission + datetime.timedelta(
                days=rng.randrange(60, 400)
            )
        dossier.calculer_delais()  # bulk_create skips save()
        batch.append(dossier)
        if len(batch) >= LOT:
            Dossier.objects.bulk_create(batch)
            batch = []
    Dossier.objects.bulk_create(batch)
    return n


def sollicitations(
    n: int, *, rng: random.Random, orgs_communes: list, orgs_epcis: list, referents: list
) -> int:
    """`n` engineering requests from 2017 to today, by batches, as the demo generates them."""
    from django.utils import timezone

    from territoires.ingenierie import demo

    today = timezone.localdate()
    annees = range(2017, today.year + 1)
    ecrites = 0
    while ecrites < n:
        par_annee = max(1, min(LOT, n - ecrites) // len(annees))
        rows = demo.generer(
            rng=rng, orgs_communes=orgs_communes, orgs_epcis=orgs_epcis, referents=referents,
            annees=annees, par_annee=lambda annee, k=par_annee: k, today=today,
        )  # fmt: skip
        ecrites += demo.enregistrer(rows[: n - ecrites])
    return ecrites


def _siret(n: int, prefixe: str) -> str:
    """A valid (Luhn) SIRET built from `n`: buyers and companies of the bench only."""
    from stdnum import luhn

    base = f"{prefixe}{n:012d}"[-13:]
    return base + luhn.calc_check_digit(base)


def heures(n: int, *, rng: random.Random, organisations: list, communes: list[int]) -> int:
    """`n` monthly hour lines on buyers that are `organisations` (their commune is where the
    hours are counted) and participants living in `communes` (ids)."""
    from territoires.clauses.models import (
        Contrat,
        DonneurOrdre,
        Entreprise,
        HeuresMensuelles,
        Lot,
        Marche,
        Participant,
    )

    acheteurs = rng.sample(organisations, min(len(organisations), max(1, n // 2000)))
    donneurs = DonneurOrdre.objects.bulk_create(
        DonneurOrdre(siret=_siret(i, "3"), nom=o.nom, categorie="commune", organisation=o)
        for i, o in enumerate(acheteurs)
    )
    marches = Marche.objects.bulk_create(
        Marche(
            donneur_ordre=d,
            reference=f"B-{i}",
            objet=f"Travaux {i}",
            date_notification=datetime.date(2019 + i % 6, 1 + i % 12, 1),
        )  # fmt: skip
        for i, d in enumerate(donneurs * 3)
    )
    lots = Lot.objects.bulk_create(
        Lot(marche=m, numero="1", heures_prescrites=800) for m in marches
    )
    nb_participants = max(10, n // 40)
    entreprises = Entreprise.objects.bulk_create(
        Entreprise(siret=_siret(i, "5"), nom=f"Entreprise {i}", commune_id=rng.choice(communes))
        for i in range(max(5, n // 500))
    )
    participants = Participant.objects.bulk_create(
        (
            Participant(
                identifiant=f"B{i}",
                sexe="F" if i % 3 == 0 else "M",
                commune_residence_id=rng.choice(communes),
                reside_departement=True,
            )  # fmt: skip
            for i in range(nb_participants)
        ),
        batch_size=LOT,
    )
    contrats = Contrat.objects.bulk_create(
        (
            Contrat(
                participant=p,
                entreprise=rng.choice(entreprises),
                type_contrat=Contrat.Type.values[i % 9],
                date_debut=datetime.date(2019, 1, 1),
            )  # fmt: skip
            for i, p in enumerate(participants)
        ),
        batch_size=LOT,
    )
    batch = []
    for g in range(n):
        contrat = contrats[g % len(contrats)]
        mois = (g // len(contrats)) % 84
        batch.append(
            HeuresMensuelles(
                contrat_id=contrat.pk,
                lot_id=lots[g % len(lots)].pk,
                participant_id=contrat.participant_id,
                entreprise_id=contrat.entreprise_id,
                mois=datetime.date(2019 + mois // 12, 1 + mois % 12, 1),
                heures=35 + g % 7 * 10,
            )  # fmt: skip
        )
        if len(batch) >= LOT * 4:
            HeuresMensuelles.objects.bulk_create(batch)
            batch = []
    HeuresMensuelles.objects.bulk_create(batch)
    return n
