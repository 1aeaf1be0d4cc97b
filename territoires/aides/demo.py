"""Demo data of the aides module (`territoires demo charger`): the configuration of the
Département's profile (`territoires.instances`: the Gers' DDR, F2D contracts and sectoral
aids; the Hérault's GUIDAF; a neutral scheme elsewhere) and believable dossiers across several
years and sessions, in every state, generated with a seeded random generator.

Idempotent: the configuration uses get_or_create, and dossiers are generated only when none
exists yet.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from territoires.comptes.demo import commune_label
from territoires.comptes.models import Organisation
from territoires.instances import profil_courant
from territoires.referentiel.models import Commune

from . import configuration, ruralite, selectors
from .demo_journal import journal_demo
from .demo_pieces import pieces_demo
from .models import (
    CompteurDossiers,
    ConfigurationAides,
    ContratF2D,
    Dispositif,
    Dossier,
    LigneDepense,
    LigneFinancement,
    SessionProgrammation,
    Versement,
)

PROJETS_DDR = [
    "Réfection du lavoir communal",
    "Aménagement de la place de la mairie",
    "Création d'une aire de jeux",
    "Restauration du monument aux morts",
    "Mise en accessibilité de la salle des fêtes",
    "Rénovation de l'éclairage public en LED",
    "Aménagement d'un cheminement piéton vers l'école",
    "Plantation d'arbres et aménagement paysager du bourg",
    "Réfection de la toiture de l'église",
    "Création d'un city-stade",
    "Aménagement du cimetière",
    "Installation d'une borne de recharge et d'abris vélos",
]
PROJETS_SECTORIELS = {
    "patrimoine-protege": ["Restauration du clocher inscrit", "Consolidation des remparts"],
    "eau-assainissement": ["Extension du réseau d'assainissement", "Station d'épuration"],
    "routes-agglomeration": ["Traversée du bourg sur la RD", "Plateau ralentisseur et trottoirs"],
    "mobilier-bibliotheques": ["Mobilier de la bibliothèque", "Rayonnages de la médiathèque"],
}


def siret_de(siren: str) -> str:
    if len(siren) != 9:
        return ""
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


def _communes(organisations, rng) -> list[Organisation]:
    departement = organisations["departement"].departement
    existing = [organisations["commune"], organisations["commune2"]]
    candidates = list(
        Commune.objects.actuels()
        .filter(departement=departement, type=Commune.Type.ACTUELLE)
        .exclude(pk__in=[o.commune_id for o in existing])
        .order_by("code")
    )
    chosen = rng.sample(candidates, min(40, len(candidates)))
    result = list(existing)
    for commune in chosen:
        organisation, _ = Organisation.objects.get_or_create(
            type=Organisation.Type.COMMUNE,
            commune=commune,
            defaults={
                "nom": commune_label(commune.nom),
                "siren": commune.siren if len(commune.siren) == 9 else "",
            },
        )
        result.append(organisation)
    return result


def _plan(rng, cout: Decimal, demande: Decimal) -> list[tuple[str, Decimal]]:
    reste = cout - demande
    statut = (reste * Decimal(rng.choice([0, 0, 20, 30, 40])) / 100).quantize(Decimal("1"))
    region = (reste * Decimal(rng.choice([0, 0, 10])) / 100).quantize(Decimal("1"))
    lignes = [("etat_detr", statut), ("region", region)]
    lignes.append(("autofinancement", reste - statut - region))
    return [(f, m) for f, m in lignes if m > 0]


STATUTS_PASSES = [
    ("solde", 30),
    ("paye_partiellement", 12),
    ("engage", 8),
    ("attribue", 6),
    ("refuse", 8),
    ("sans_suite", 4),
    ("caduc", 3),
    ("ajourne", 2),
]
STATUTS_EN_COURS = [
    ("brouillon", 8),
    ("depose", 10),
    ("incomplet", 6),
    ("en_instruction", 10),
    ("propose", 6),
    ("programme", 6),
]


def _pick(rng, weights):
    return rng.choices([e for e, _ in weights], [w for _, w in weights])[0]


def _dossier(rng, *, dispositif, organisation, session, depose, statut, numero, intitule, today):
    cout = Decimal(rng.randrange(8, 120) * 500)
    params = selectors.parametres_for_date(dispositif, depose)
    taux = ruralite.plafond(params, organisation) or Decimal(str(params.get("taux_max", 0.4)))
    maximum = Decimal(str(params.get("montant_max", 10**7)))
    demande = min(maximum, (cout * taux * Decimal(rng.choice([60, 80, 100])) / 100)).quantize(
        Decimal("1")
    )
    dossier = Dossier(
        dispositif=dispositif,
        organisation=organisation,
        intitule=intitule,
        description="Projet généré pour la démonstration.",
        siret_beneficiaire=organisation.siret or siret_de(organisation.siren),
        cout_ht=cout,
        montant_demande=demande,
        date_debut_travaux=depose + datetime.timedelta(days=rng.randrange(60, 200)),
        date_fin_travaux=depose + datetime.timedelta(days=rng.randrange(220, 600)),
        statut=statut,
        session=session if statut != "brouillon" else None,
    )
    if statut != "brouillon":
        dossier.numero = numero
        dossier.depose_le = timezone.make_aware(
            datetime.datetime.combine(depose, datetime.time(10))
        )
    if statut not in ("brouillon", "depose", "incomplet", "sans_suite"):
        # Complete a fortnight after filing, within its session's cut-off (the placement rule).
        complet = depose + datetime.timedelta(days=15)
        if session is not None:
            veille = session.date_limite - datetime.timedelta(days=1)
            complet = max(depose, min(complet, veille))
        dossier.complet_le = min(complet, today)
    if (
        statut in ("propose", "programme", "ajourne", "refuse")
        or statut in Dossier.STATUTS_ATTRIBUES
        or (statut == "caduc")
    ):
        propose = (demande * Decimal(rng.choice([80, 100, 100]) / 100)).quantize(Decimal("1"))
        dossier.montant_propose = propose
        dossier.taux_propose = (propose / cout).quantize(Decimal("0.0001"))
        if statut != "propose" or rng.random() < 0.5:
            dossier.visa_le = dossier.depose_le + datetime.timedelta(days=40)
    if statut == "ajourne":
        dossier.session = selectors.session_following(session)
    if statut in Dossier.STATUTS_ATTRIBUES or statut in ("caduc", "refuse"):
        dossier.decide_le = session.date_deliberation or session.date_commission
        if statut != "refuse":
            dossier.montant_attribue = dossier.montant_propose
            dossier.notifie_le = min(today, dossier.decide_le + datetime.timedelta(days=15))
    if statut in ("engage", "paye_partiellement", "solde"):
        dossier.engage_le = min(today, dossier.decide_le + datetime.timedelta(days=30))
        dossier.numero_engagement = f"EJ{rng.randrange(10**6, 10**7)}"
    return dossier


def _versements(rng, dossier) -> list[Versement]:
    if dossier.statut not in ("paye_partiellement", "solde"):
        return []
    base = dossier.engage_le or dossier.decide_le
    today = timezone.localdate()  # nothing is paid in the future
    if dossier.statut == "paye_partiellement":
        part = (dossier.montant_attribue * Decimal("0.4")).quantize(Decimal("1"))
        return [
            Versement(
                dossier=dossier,
                type=Versement.Type.ACOMPTE,
                depenses_justifiees=(dossier.cout_ht * Decimal("0.4")).quantize(Decimal("1")),
                montant_demande=part,
                montant_verse=part,
                statut=Versement.Statut.PAYE,
                paye_le=min(today, base + datetime.timedelta(days=rng.randrange(60, 200))),
            )
        ]
    ratio = Decimal(rng.choice([85, 100, 100, 100])) / 100
    solde = (dossier.montant_attribue * ratio).quantize(Decimal("1"))
    return [
        Versement(
            dossier=dossier,
            type=Versement.Type.SOLDE,
            depenses_justifiees=(dossier.cout_ht * ratio).quantize(Decimal("1")),
            montant_demande=solde,
            montant_verse=solde,
            statut=Versement.Statut.PAYE,
            paye_le=min(today, base + datetime.timedelta(days=rng.randrange(120, 500))),
        )
    ]


@transaction.atomic
def charger(*, organisations, stdout) -> None:
    """The configuration (always brought up to date), then the dossiers (once)."""
    rng = random.Random(32)  # noqa: S311 (demo data)
    today = timezone.localdate()
    profil = profil_courant()
    dispositifs = _configuration(organisations, today, profil)
    _deliberations(rng, today)
    contrats = []
    if "f2d" in dispositifs:
        contrats = configuration.contrats_f2d(
            f2d=dispositifs["f2d"], epcis=[organisations["epci"]], rng=rng
        )
    if Dossier.objects.exists():
        stdout.write("Aides : configuration à jour, dossiers déjà générés.")
        return

    communes = _communes(organisations, rng)
    _sirets(communes)
    numeros = _Numeros()
    # The Département's main scheme for communes: the first of its profile (the Gers' DDR).
    principal = next(iter(dispositifs.values()))
    dossiers = [
        *_dossiers_ddr(rng, principal, communes, organisations["commune"], today, numeros),
        *_dossiers_sectoriels(rng, dispositifs, communes, today, numeros),
    ]
    if contrats:
        dossiers += _dossiers_f2d(rng, dispositifs["f2d"], contrats, today, numeros)
    _enregistrer(rng, dossiers)
    pieces_demo(dossiers)
    for annee, dernier in numeros.compteurs.items():
        CompteurDossiers.objects.update_or_create(annee=annee, defaults={"dernier": dernier})
    stdout.write(
        f"Aides : {Dispositif.objects.count()} dispositifs, {ContratF2D.objects.count()} "
        f"contrats de territoire, {len(dossiers)} dossiers générés."
    )


def _configuration(organisations, today, profil) -> dict[str, Dispositif]:
    departement = organisations["departement"]
    dispositifs = configuration.configurer(
        profil=profil,
        departement=departement,
        service_aides=organisations["aides"],
        annees=range(2018, today.year + 2),
    )
    if not ConfigurationAides.objects.exists():
        ConfigurationAides.objects.create(
            nom_attribuant=departement.nom,
            siret_attribuant=siret_de(departement.siren),
            signataire="Le Président du Conseil départemental",
        )
    _sirets([organisations[key] for key in ("commune", "commune2", "epci")])
    return dispositifs


def _sirets(organisations) -> None:
    for organisation in organisations:
        if not organisation.siret and organisation.siren:
            organisation.siret = siret_de(organisation.siren)
            organisation.save(update_fields=["siret"])


def _deliberations(rng, today) -> None:
    """Sessions already held have their deliberation."""
    for session in SessionProgrammation.objects.filter(
        date_commission__lt=today, numero_deliberation=""
    ):
        session.numero_deliberation = (
            f"CP-{session.date_commission:%Y-%m}-{rng.randrange(10, 199):03d}"
        )
        session.date_deliberation = session.date_commission
        session.save(update_fields=["numero_deliberation", "date_deliberation"])


class _Numeros:
    """Dossier numbers of the generated dossiers, the counters saved at the end."""

    def __init__(self):
        self.compteurs: dict[int, int] = {}

    def __call__(self, annee: int) -> str:
        self.compteurs[annee] = self.compteurs.get(annee, 0) + 1
        return f"AID-{annee}-{self.compteurs[annee]:05d}"


def _statut(rng, session, today) -> str:
    held = session.date_commission < today
    return _pick(rng, STATUTS_PASSES if held else STATUTS_EN_COURS)


def _dossiers_ddr(rng, ddr, communes, commune_demo, today, numero) -> list[Dossier]:
    dossiers = []
    programmes = set()
    for annee in range(today.year - 5, today.year + 1):
        for organisation in communes:
            if organisation == commune_demo and annee == today.year:
                continue  # the demo commune files its DDR dossier of the year itself
            if rng.random() > 0.45:
                continue  # one DDR dossier per commune and year at most, not every year
            depose = datetime.date(annee, 1, 15) + datetime.timedelta(days=rng.randrange(0, 300))
            if depose > today:
                depose = today - datetime.timedelta(days=rng.randrange(1, 30))
            session = selectors.session_for_filing(ddr, depose)
            if session is None:
                continue
            statut = _statut(rng, session, today)
            dossier = _dossier(
                rng,
                dispositif=ddr,
                organisation=organisation,
                session=session,
                depose=depose,
                statut=statut,
                numero=None,
                intitule=rng.choice(PROJETS_DDR),
                today=today,
            )
            # Issue 15: one dossier per commune and programming year (the session's year).
            if (cle := (organisation.pk, session.date_commission.year)) in programmes:
                continue
            programmes.add(cle)
            if statut != "brouillon":
                dossier.numero = numero(depose.year)
            dossiers.append(dossier)
    return dossiers


def _dossiers_sectoriels(rng, dispositifs, communes, today, numero) -> list[Dossier]:
    dossiers = []
    for code, projets in PROJETS_SECTORIELS.items():
        dispositif = dispositifs.get(code)
        if dispositif is None:
            continue
        for _ in range(8):
            organisation = rng.choice(communes)
            depose = today - datetime.timedelta(days=rng.randrange(20, 5 * 365))
            session = selectors.session_for_filing(dispositif, depose)
            if session is None:
                continue
            dossiers.append(
                _dossier(
                    rng,
                    dispositif=dispositif,
                    organisation=organisation,
                    session=session,
                    depose=depose,
                    statut=_statut(rng, session, today),
                    numero=numero(depose.year),
                    intitule=rng.choice(projets),
                    today=today,
                )
            )
    return dossiers


def _dossiers_f2d(rng, f2d, contrats, today, numero) -> list[Dossier]:
    dossiers = []
    for contrat in contrats:
        for operation in contrat.operations.all():
            annee = rng.randrange(contrat.annee_debut, min(contrat.annee_fin, today.year) + 1)
            depose = datetime.date(annee, 1, rng.randrange(5, 30))
            session = selectors.session_for_filing(f2d, depose)
            dossier = _dossier(
                rng,
                dispositif=f2d,
                organisation=contrat.organisation,
                session=session,
                depose=depose,
                statut=_statut(rng, session, today),
                numero=numero(annee),
                intitule=operation.intitule,
                today=today,
            )
            dossier.operation = operation
            dossiers.append(dossier)
    return dossiers


def _enregistrer(rng, dossiers: list[Dossier]) -> None:
    """Bulk-save the dossiers with their lines, payments and communes."""
    for dossier in dossiers:
        dossier.calculer_delais()  # bulk_create skips save()
    Dossier.objects.bulk_create(dossiers)
    lignes, depenses, versements, communes_links = [], [], [], []
    through = Dossier.communes.through
    for dossier in dossiers:
        depenses += _depenses(dossier)
        lignes += [
            LigneFinancement(
                dossier=dossier,
                financeur=f,
                montant=m,
                statut=rng.choice(["sollicite", "obtenu"]),
            )
            for f, m in _plan(rng, dossier.cout_ht, dossier.montant_demande)
        ]
        versements += _versements(rng, dossier)
        if dossier.organisation.commune_id:
            communes_links.append(
                through(dossier_id=dossier.pk, commune_id=dossier.organisation.commune_id)
            )
    versements += _demandes_recentes(dossiers)
    LigneDepense.objects.bulk_create(depenses)
    LigneFinancement.objects.bulk_create(lignes)
    Versement.objects.bulk_create(versements)
    _premiers_paiements(versements)
    through.objects.bulk_create(communes_links)
    journal_demo(dossiers, today=timezone.localdate())


def _demandes_recentes(dossiers: list[Dossier]) -> list[Versement]:
    """A few advances requested in the last days, waiting for finance: its home shows real
    work, and no backlog of old requests (every older one is paid)."""
    maintenant = timezone.now()
    engages = [d for d in dossiers if d.statut == "engage"][:3]
    return [
        Versement(
            dossier=dossier,
            type=Versement.Type.AVANCE,
            montant_demande=(dossier.montant_attribue * Decimal("0.3")).quantize(Decimal("1")),
            statut=Versement.Statut.DEMANDE,
            demande_le=maintenant - datetime.timedelta(days=2 + 3 * rang, hours=rang),
        )
        for rang, dossier in enumerate(engages)
    ]


def _depenses(dossier: Dossier) -> list[LigneDepense]:
    travaux = dossier.cout_ht * Decimal("0.9")
    return [
        LigneDepense(dossier=dossier, libelle="Travaux", montant_ht=travaux),
        LigneDepense(
            dossier=dossier, libelle="Maîtrise d'œuvre", montant_ht=dossier.cout_ht - travaux
        ),
    ]


def _premiers_paiements(versements: list[Versement]) -> None:
    """The first payment date of each paid dossier, and its delays."""
    payes = {}
    for versement in versements:
        if versement.paye_le:
            dossier = versement.dossier
            dossier.premier_paiement_le = min(
                versement.paye_le, payes.get(dossier, versement.paye_le)
            )
            payes[dossier] = dossier.premier_paiement_le
    for dossier in payes:
        dossier.calculer_delais()
    Dossier.objects.bulk_update(
        list(payes), ["premier_paiement_le", "delai_decision_jours", "delai_paiement_jours"]
    )
