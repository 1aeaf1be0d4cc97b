"""Demo data of the ingénierie module: several years of generated requests over the
Département's communes and EPCIs (a seeded random generator, never the seeds' rows).

Idempotent: nothing is created when requests already exist.
"""

import datetime
import itertools
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from territoires.comptes.demo import commune_label
from territoires.comptes.models import Membre, Organisation, Role
from territoires.instances import profil_courant
from territoires.referentiel.models import Commune, Epci

from .agence.demo import adhesions_generer, agence_configurer
from .defaults import create_defaults
from .models import (
    Action,
    Atelier,
    ConfigurationIngenierie,
    Domaine,
    Nature,
    Note,
    Partenaire,
    Ressource,
    Secteur,
    Sollicitation,
)

PREMIERE_ANNEE = 2017

SUJETS = {
    "Aménagement et bâtiments": [
        "Rénovation énergétique de l'école",
        "Réhabilitation de la salle des fêtes",
        "Mise en accessibilité de la mairie",
        "Aménagement du cœur de village",
        "Création d'une maison de santé",
        "Extension du cimetière",
    ],
    "Voirie et ouvrages d'art": [
        "Réfection d'un pont communal",
        "Sécurisation de la traversée du bourg",
        "Programme pluriannuel de voirie",
        "Diagnostic d'un mur de soutènement",
    ],
    "Eau et assainissement": [
        "Mise aux normes de la station d'épuration",
        "Schéma directeur d'assainissement",
        "Transfert de la compétence eau",
        "Renouvellement du réseau d'eau potable",
    ],
    "Milieux aquatiques": [
        "Restauration des berges du ruisseau",
        "Gestion d'un lac collinaire",
        "Zone humide à préserver",
    ],
    "Commande publique": [
        "Rédaction d'un marché de maîtrise d'œuvre",
        "Choix de la procédure pour des travaux",
        "Groupement de commandes avec l'intercommunalité",
        "Analyse des offres d'un marché de travaux",
    ],
    "Autre": [
        "Reprise d'une concession funéraire",
        "Vente d'un bien communal",
        "Convention d'occupation du domaine public",
    ],
}

RESSOURCES = [
    (
        "Guide de la programmation d'une opération de bâtiment",
        Ressource.Type.GUIDE,
        ["Aménagement et bâtiments"],
        "Les étapes de l'idée au programme : besoins, faisabilité, estimation, calendrier.",
    ),
    (
        "Modèle de délibération lançant une opération",
        Ressource.Type.ACTE,
        ["Aménagement et bâtiments", "Voirie et ouvrages d'art", "Autre"],
        "Délibération du conseil municipal approuvant le programme et le plan de financement.",
    ),
    (
        "Modèle de cahier des clauses administratives particulières (travaux)",
        Ressource.Type.MARCHE,
        ["Commande publique"],
        "CCAP type pour un marché de travaux en procédure adaptée.",
    ),
    (
        "Modèle de règlement de consultation (maîtrise d'œuvre)",
        Ressource.Type.MARCHE,
        ["Commande publique", "Aménagement et bâtiments"],
        "Règlement de consultation pour choisir un maître d'œuvre.",
    ),
    (
        "Guide de la surveillance des ouvrages d'art communaux",
        Ressource.Type.GUIDE,
        ["Voirie et ouvrages d'art"],
        "Inspection visuelle, fréquence des visites, quand faire appel à un bureau d'études.",
    ),
    (
        "Guide du transfert des compétences eau et assainissement",
        Ressource.Type.GUIDE,
        ["Eau et assainissement"],
        "Calendrier, procès-verbal de mise à disposition, budgets annexes.",
    ),
]


def _organisations_collectivites(departement_code: str) -> tuple[list, list]:
    """Commune and EPCI organisations of the département (created when missing)."""
    communes = list(
        Commune.objects.actuels()
        .filter(departement__code=departement_code, type=Commune.Type.ACTUELLE)
        .select_related("epci")
        .order_by("code")
    )
    existing = {
        o.commune_id: o
        for o in Organisation.objects.filter(type=Organisation.Type.COMMUNE, commune__in=communes)
    }
    missing = [
        Organisation(
            type=Organisation.Type.COMMUNE,
            commune=c,
            nom=commune_label(c.nom),
            siren=c.siren if len(c.siren) == 9 else "",
        )
        for c in communes
        if c.pk not in existing
    ]
    Organisation.objects.bulk_create(missing)
    epcis = list(Epci.objects.actuels().filter(departements__code=departement_code))
    existing_epci = {
        o.epci_id for o in Organisation.objects.filter(type=Organisation.Type.EPCI, epci__in=epcis)
    }
    Organisation.objects.bulk_create(
        Organisation(type=Organisation.Type.EPCI, epci=e, nom=e.nom, siren=e.siren)
        for e in epcis
        if e.pk not in existing_epci
    )
    orgs_communes = list(
        Organisation.objects.filter(type=Organisation.Type.COMMUNE, commune__in=communes)
        .select_related("commune", "commune__epci")
        .order_by("commune__code")
    )
    orgs_epcis = list(
        Organisation.objects.filter(type=Organisation.Type.EPCI, epci__in=epcis)
        .select_related("epci")
        .order_by("epci__siren")
    )
    return orgs_communes, orgs_epcis


def _at(rng: random.Random, year: int, today: datetime.date) -> datetime.datetime:
    last = today if year == today.year else datetime.date(year, 12, 31)
    first = datetime.date(year, 1, 1)
    day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
    return datetime.datetime(
        day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), tzinfo=datetime.UTC
    )


def generer(
    *,
    rng: random.Random,
    orgs_communes: list,
    orgs_epcis: list,
    referents: list,
    annees: range,
    par_annee,
    today: datetime.date,
) -> list[Sollicitation]:
    """Unsaved requests, believable: more every year, mostly communes, some EPCIs."""
    domaines = list(Domaine.objects.filter(actif=True))
    natures = list(Nature.objects.filter(actif=True))
    domaine_poids = [5, 3, 3, 1, 3, 1][: len(domaines)] + [1] * max(0, len(domaines) - 6)
    nature_poids = [2, 5, 3, 3, 1][: len(natures)] + [1] * max(0, len(natures) - 5)
    # Some communes call often, many call once in a while, a few never do.
    poids_communes = [rng.paretovariate(1.6) if rng.random() < 0.8 else 0 for _ in orgs_communes]
    if not any(poids_communes):
        poids_communes = [1] * len(orgs_communes)
    # Accumulated once: `choices(weights=…)` would re-add them at every draw (36,000 communes).
    cumul_communes = list(itertools.accumulate(poids_communes))
    rows = []
    now = timezone.now()
    for annee in annees:
        for _ in range(par_annee(annee)):
            if orgs_epcis and (not orgs_communes or rng.random() < 0.12):
                organisation = rng.choice(orgs_epcis)
                epci = organisation.epci
            else:
                organisation = rng.choices(orgs_communes, cum_weights=cumul_communes)[0]
                epci = organisation.commune.epci
            domaine = rng.choices(domaines, weights=domaine_poids)[0]
            nature = rng.choices(natures, weights=nature_poids)[0]
            deposee = _at(rng, annee, today)
            age = (now - deposee).days
            reponse = deposee + datetime.timedelta(days=rng.choice([0, 1, 2, 3, 5, 8, 12, 20]))
            statut = Sollicitation.Statut.NOUVELLE
            cloture = None
            if age > 10 or reponse < now:
                tirage = rng.random()
                if tirage < 0.05:
                    statut = Sollicitation.Statut.REDIRIGEE
                    cloture = reponse
                elif tirage < 0.08:
                    statut = Sollicitation.Statut.DECLINEE
                    cloture = reponse
                else:
                    duree = datetime.timedelta(days=int(rng.lognormvariate(4.2, 0.8)))
                    if deposee + duree < now:
                        statut = (
                            Sollicitation.Statut.ABANDONNEE
                            if rng.random() < 0.07
                            else Sollicitation.Statut.TERMINEE
                        )
                        cloture = deposee + duree
                    else:
                        statut = rng.choice(
                            [Sollicitation.Statut.EN_COURS] * 3 + [Sollicitation.Statut.EN_ATTENTE]
                        )
            if reponse > now:
                reponse = None
            rows.append(
                Sollicitation(
                    organisation=organisation,
                    epci=epci,
                    sujet=rng.choice(SUJETS.get(domaine.nom, SUJETS["Autre"])),
                    description=(
                        "Demande générée pour la démonstration : la collectivité souhaite être "
                        "conseillée sur ce projet, de la définition du besoin au choix des "
                        "prestataires."
                    ),
                    domaine=domaine,
                    nature=nature,
                    canal=rng.choices(
                        Sollicitation.Canal.values, weights=[5, 3, 2, 1]
                    )[0],
                    referent=rng.choice(referents) if statut != "nouvelle" and referents else None,
                    statut=statut,
                    etape=(
                        rng.choice(Sollicitation.Etape.values)
                        if statut in ("en_cours", "en_attente")
                        else ""
                    ),
                    deposee_le=deposee,
                    premiere_reponse_le=reponse if statut != "nouvelle" else None,
                    cloturee_le=cloture,
                    derniere_activite_le=cloture or reponse or deposee,
                    motif_cloture=(
                        "Accompagnement terminé : la collectivité a lancé son opération."
                        if statut == Sollicitation.Statut.TERMINEE
                        else ""
                    ),
                )
            )  # fmt: skip
    return rows


def enregistrer(rows: list[Sollicitation], *, batch_size: int = 2000) -> int:
    """Bulk insert, then numbers and concerned communes (two more bulk statements)."""
    for row in rows:
        row.compute_durations()  # bulk_create does not call save()
    created = Sollicitation.objects.bulk_create(rows, batch_size=batch_size)
    if created and created[0].pk is None:  # back-ends that do not return keys
        created = list(Sollicitation.objects.order_by("-pk")[: len(rows)])[::-1]
    for s in created:
        s.numero = f"ING-{s.deposee_le:%Y}-{s.pk:05d}"
    Sollicitation.objects.bulk_update(created, ["numero"], batch_size=batch_size)
    Through = Sollicitation.communes.through
    Through.objects.bulk_create(
        (
            Through(sollicitation_id=s.pk, commune_id=s.organisation.commune_id)
            for s in created
            if s.organisation.commune_id
        ),
        batch_size=batch_size,
    )
    return len(created)


def _configuration(organisations) -> None:
    """Default domains, natures and partners; the demo's mission service."""
    create_defaults(
        Domaine=Domaine,
        Nature=Nature,
        Partenaire=Partenaire,
        ConfigurationIngenierie=ConfigurationIngenierie,
    )
    config = ConfigurationIngenierie.courante()
    if config.mission_id is None:
        # The demo's mission lets its advisors take any new request in charge (a setting: the
        # Gers' managers triage, a small mission may leave it to every advisor).
        config.mission = organisations["mit"]
        config.conseillers_prennent_en_charge = True
        config.save(update_fields=["mission", "conseillers_prennent_en_charge"])


def _ressources() -> None:
    domaines = {d.nom: d for d in Domaine.objects.all()}
    for titre, type_, noms, description in RESSOURCES:
        ressource, created = Ressource.objects.get_or_create(
            titre=titre,
            defaults={
                "type": type_,
                "description": description,
                "url": "https://www.collectivites-locales.gouv.fr/",
            },
        )
        if created:
            ressource.domaines.set([domaines[n] for n in noms if n in domaines])


def _ateliers(organisations, profil) -> None:
    """The profile's workshops (title, theme, date, place), with the demo EPCI."""
    for titre, theme, date, lieu in profil.ateliers:
        if not Atelier.objects.filter(titre=titre).exists():
            atelier = Atelier.objects.create(
                titre=titre, theme=theme, date=datetime.date.fromisoformat(date), lieu=lieu
            )
            atelier.organisations.set([organisations["epci"]])


def _referents(organisations) -> list:
    """The demo mission's advisors, who answer the generated requests."""
    ids = (
        Membre.objects.actifs()
        .filter(organisation=organisations["mit"], role=Role.CONSEILLER)
        .values_list("user", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=ids))


def _historique(*, rng, orgs_communes, orgs_epcis, referents, today) -> int:
    """Years of requests over the département, about +10 % a year."""
    base = 110

    def par_annee(annee: int) -> int:
        # About +10 % a year with noise; the current year is pro rata of elapsed days.
        n = base * (1.1 ** (annee - PREMIERE_ANNEE)) * rng.uniform(0.93, 1.07)
        if annee == today.year:
            n *= today.timetuple().tm_yday / 365
        return int(n)

    rows = generer(
        rng=rng,
        orgs_communes=orgs_communes,
        orgs_epcis=orgs_epcis,
        referents=referents,
        annees=range(PREMIERE_ANNEE, today.year + 1),
        par_annee=par_annee,
        today=today,
    )
    return enregistrer(rows)


def _suivi_de_demonstration(suivie: Sollicitation, *, partenaire, today) -> None:
    """Notes, an action and a partner on one request, as an advisor would leave them."""
    Note.objects.create(
        sollicitation=suivie,
        auteur=suivie.referent,
        publique=True,
        texte="Bonjour, je vous propose une première réunion sur place.",
    )
    Note.objects.create(
        sollicitation=suivie,
        auteur=suivie.referent,
        publique=False,
        texte="Note interne : vérifier l'éligibilité aux aides du Département avant la réunion.",
    )
    Action.objects.create(
        sollicitation=suivie,
        titre="Rassembler les plans et le diagnostic existant",
        cree_par=suivie.referent,
        echeance=today + datetime.timedelta(days=30),
    )
    if partenaire:
        suivie.partenaires.add(partenaire)


def _demandes_des_comptes(organisations, *, rng, referents, today) -> int:
    """The demo collectivités get a few recent requests, one of them with a real follow-up."""
    n = 0
    partenaire = Partenaire.objects.first()
    for key in ("commune", "commune2", "epci"):
        organisation = organisations[key]
        est_epci = organisation.type == Organisation.Type.EPCI
        n += enregistrer(
            generer(
                rng=rng,
                orgs_communes=[] if est_epci else [organisation],
                orgs_epcis=[organisation] if est_epci else [],
                referents=referents,
                annees=range(today.year - 1, today.year + 1),
                par_annee=lambda annee: 2,
                today=today,
            )
        )
        suivie = (
            Sollicitation.objects.filter(organisation=organisation, referent__isnull=False)
            .order_by("-deposee_le")
            .first()
        )
        if suivie is not None:
            _suivi_de_demonstration(suivie, partenaire=partenaire, today=today)
    return n


def _secteurs(organisations) -> None:
    """One sector per intercommunalité of the demo's département, its advisors in turn; the new
    requests of a sector get its advisor as referent, as on filing."""
    conseillers = _referents(organisations)
    if conseillers and not Secteur.objects.exists():
        epcis = Epci.objects.actuels().filter(
            departements__code=organisations["departement"].departement.code
        )
        Secteur.objects.bulk_create(
            Secteur(epci=epci, conseiller=conseiller)
            for epci, conseiller in zip(epcis.order_by("nom"), itertools.cycle(conseillers))
        )
    for secteur in Secteur.objects.all():
        Sollicitation.objects.filter(
            epci_id=secteur.epci_id, statut=Sollicitation.Statut.NOUVELLE, referent__isnull=True
        ).update(referent_id=secteur.conseiller_id)


@transaction.atomic
def charger(*, organisations, stdout) -> None:
    _configuration(organisations)
    _secteurs(organisations)
    _ressources()
    profil = profil_courant()
    _ateliers(organisations, profil)
    agence_configurer(agence=profil.agence)
    if Sollicitation.objects.exists():
        return
    departement_code = organisations["departement"].departement.code
    orgs_communes, orgs_epcis = _organisations_collectivites(departement_code)
    if not orgs_communes:
        return
    referents = _referents(organisations)
    rng = random.Random(32)  # noqa: S311 (demo data, reproducible)
    today = timezone.localdate()
    n = _historique(
        rng=rng, orgs_communes=orgs_communes, orgs_epcis=orgs_epcis, referents=referents,
        today=today,
    )  # fmt: skip
    n += _demandes_des_comptes(organisations, rng=rng, referents=referents, today=today)
    _secteurs(organisations)  # the new requests just generated get their sector's advisor
    if profil.agence:
        adhesions = adhesions_generer(
            rng=random.Random(34),  # noqa: S311 (demo data, reproducible)
            organisations=organisations,
            collectivites=[*orgs_communes, *orgs_epcis],
            today=today,
        )
        stdout.write(f"Agence d'ingénierie : {adhesions} adhésions annuelles.")
    stdout.write(f"Ingénierie : {n} sollicitations de démonstration depuis {PREMIERE_ANNEE}.")
