"""Demonstration: one participatory-budget campaign in each of the six steps.

Generated data (fixed seed): credible idées, assessments, projets, votes and réalisations;
every change of state goes through its transition. The rules (1 M€, a youth enveloppe,
3 choices) are configuration rows, not constants of the code. Idempotent: a campaign whose
slug exists is left as it is.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from territoires.core.workflow import transition_apply
from territoires.referentiel.models import Commune

from .models import (
    Bulletin,
    Campagne,
    Canal,
    EnveloppeCampagne,
    Idee,
    Participation,
    Phase,
    Projet,
    Realisation,
    Votant,
)
from .services.realisations import jalon_add, realisation_update, realisations_create
from .services.resultats import resultats_compute
from .services.votants import tranche_age

GRAINE = 2026
CATEGORIES = ("Cadre de vie", "Nature et biodiversité", "Sport et loisirs", "Culture",
              "Mobilités douces", "Solidarité")  # fmt: skip
OBJETS = ("Aire de jeux", "Verger partagé", "Boîte à livres", "Piste cyclable", "Four à pain",
          "Parcours de santé", "Jardin pédagogique", "Abri pour randonneurs", "Hôtel à insectes",
          "Table d'orientation", "Skate-park", "Mare pédagogique", "Kiosque à musique",
          "Fresque murale", "Bancs connectés", "Nichoirs à chouettes")  # fmt: skip
REGLEMENT = (
    "Toute personne de 11 ans et plus résidant dans le Département peut proposer une idée et "
    "voter. Chaque personne vote une seule fois, en ligne ou sur papier (marchés, mairies), "
    "pour 1 à 3 projets par enveloppe ; le bulletin est définitif. L'enveloppe jeunes est "
    "réservée aux 11-25 ans. Les règles sont figées à l'ouverture du vote."
)


def _dates(phase: str, jour: datetime.date) -> dict:
    d = datetime.timedelta
    vote = {
        Phase.PREPARATION: jour + d(days=200),
        Phase.IDEES: jour + d(days=100),
        Phase.ANALYSE: jour + d(days=20),
        Phase.VOTE: jour - d(days=5),
        Phase.REALISATION: jour - d(days=150),
        Phase.EVALUATION: jour - d(days=800),
    }[phase]
    return {
        "deliberation_le": vote - d(days=240),
        "idees_debut": vote - d(days=180),
        "idees_fin": jour + d(days=30) if phase == Phase.IDEES else vote - d(days=120),
        "analyse_fin": vote - d(days=1),
        "vote_debut": vote,
        "vote_fin": vote + d(days=30),
        "realisation_debut": vote + d(days=90),
        "evaluation_le": vote + d(days=700),
    }


def charger(*, organisations: dict, stdout) -> None:
    jour = timezone.localdate()
    communes = list(
        Commune.objects.filter(
            departement__code=settings.TERRITOIRES_DEPARTEMENT, obsolete=False
        ).order_by("code")[:80]
    )
    citoyen = get_user_model().objects.filter(email="citoyen@territoires.test").first()
    crees = 0
    for rang, phase in enumerate(Phase):
        slug = f"demo-{phase.value}"
        if Campagne.objects.filter(slug=slug).exists():
            continue
        _campagne(rang=rang, phase=phase, slug=slug, jour=jour, communes=communes, citoyen=citoyen)
        crees += 1
    stdout.write(f"Budget participatif : {crees} campagne(s) de démonstration créée(s).")


@transaction.atomic
def _campagne(*, rang, phase, slug, jour, communes, citoyen) -> None:
    """One campaign brought to `phase`: each step adds to what the previous ones left."""
    rng = random.Random(GRAINE + rang)  # noqa: S311 (demonstration data)
    annee = _dates(phase, jour)["vote_debut"].year
    c = Campagne.objects.create(
        slug=slug,
        titre=f"Budget participatif {annee} ({phase.label.lower()})",
        budget_total=Decimal(1_000_000),
        reglement=REGLEMENT,
        methode="mes",
        **_dates(phase, jour),
    )
    enveloppes = _enveloppes(c)
    if phase == Phase.PREPARATION:
        return
    idees = _idees(c=c, rng=rng, phase=phase, enveloppes=enveloppes, communes=communes,
                   citoyen=citoyen)  # fmt: skip
    if phase == Phase.IDEES:
        for idee in idees[:15]:
            transition_apply(obj=idee, transition="publier", actor=None)
        return
    projets = _analyse(c=c, rng=rng, phase=phase, idees=idees)
    if phase == Phase.ANALYSE:
        return
    _votes(c=c, rng=rng, projets=projets, enveloppes=enveloppes, communes=communes,
           nombre=300 if phase == Phase.VOTE else 600, jour=jour)  # fmt: skip
    if phase == Phase.VOTE:
        # The youth enveloppe votes within its budget (Decidim); the ballots drawn above (3
        # projets of 25 000 € at most) already fit in its 100 000 €.
        EnveloppeCampagne.objects.filter(pk=enveloppes[1].pk).update(
            forme_bulletin="budget", choix_max=10
        )
        return
    resultats_compute(campagne=c)
    realisations_create(campagne=c)
    _realisations(c=c, rng=rng, phase=phase, jour=jour)


def _enveloppes(c: Campagne) -> list[EnveloppeCampagne]:
    enveloppes = []
    for nom, type_, budget, cout_max, age_max in (
        ("Générale", EnveloppeCampagne.Type.GENERALE, 900_000, 50_000, None),
        ("Jeunes", EnveloppeCampagne.Type.JEUNES, 100_000, 25_000, 25),
    ):
        e = EnveloppeCampagne(campagne=c, nom=nom, type=type_, budget=Decimal(budget),
                              cout_max=Decimal(cout_max), age_max_proposer=age_max,
                              age_max_vote=age_max, choix_max=3)  # fmt: skip
        e._import = True  # the configuration is written before any real opening
        e.save()
        enveloppes.append(e)
    return enveloppes


def _idees(*, c, rng, phase, enveloppes, communes, citoyen) -> list[Idee]:
    idees = []
    for i in range(25 if phase == Phase.IDEES else 60):
        env = enveloppes[0] if rng.random() < 0.8 else enveloppes[1]
        commune = rng.choice(communes) if communes else None
        objet = rng.choice(OBJETS)
        idees.append(
            Idee.objects.create(
                campagne=c,
                enveloppe=env,
                auteur=citoyen if i % 7 == 0 else None,
                nom_auteur="" if i % 7 == 0 else f"Habitant n° {i + 1}",
                titre=f"{objet} à {commune.nom}" if commune else objet,
                description=f"Proposition : {objet.lower()} pour les habitants.",
                categorie=rng.choice(CATEGORIES),
                commune=commune,
                cout_estime=Decimal(rng.randrange(2, int(env.cout_max) // 1000) * 1000),
            )
        )
    return idees


def _analyse(*, c, rng, phase, idees) -> list[Projet]:
    """Moderation and assessment of every idée (by their transitions), projets of those kept."""
    projets = []
    for n, idee in enumerate(idees, 1):
        tirage = rng.random()
        if tirage < 0.1:
            idee.motif_moderation = "Propos sans rapport avec l'intérêt général."
            transition_apply(obj=idee, transition="moderer", actor=None)
            continue
        retenue = tirage >= 0.35
        idee.justification = (
            "Faisable ; coût confirmé par les services."
            if retenue
            else "Hors des compétences du Département."
        )
        idee.avis_technique = "favorable" if retenue else "defavorable"
        idee.avis_juridique = "favorable"
        idee.avis_financier = "reserve"
        idee.cout_services = idee.cout_estime * Decimal("1.1")
        transition_apply(obj=idee, transition="publier", actor=None)
        transition_apply(obj=idee, transition="retenir" if retenue else "ecarter", actor=None)
        if retenue:
            projets.append(_projet(c=c, n=n, idee=idee, soumis=phase != Phase.ANALYSE))
    return projets


def _projet(*, c, n, idee, soumis) -> Projet:
    cout = min(idee.cout_services, idee.enveloppe.cout_max)
    projet = Projet(
        campagne=c,
        enveloppe=idee.enveloppe,
        code=f"{n:03d}",
        titre=idee.titre,
        description=idee.description,
        categorie=idee.categorie,
        commune=idee.commune,
        cout=cout.quantize(Decimal(1)),
        soumis_au_vote=soumis,
    )
    projet._import = True  # the list is written before any real opening, like the rules
    projet.save()
    idee.projet = projet
    idee.save(update_fields=["projet"])
    return projet


def _realisations(*, c, rng, phase, jour) -> None:
    """The winners' works, finished or under way, with their milestones."""
    for r in Realisation.objects.filter(projet__campagne=c).select_related("projet"):
        termine = phase == Phase.EVALUATION or rng.random() < 0.2
        avancement = 100 if termine else rng.randrange(5, 95, 5)
        realisation_update(
            realisation=r,
            actor=None,
            statut=Realisation.Statut.TERMINEE if termine else Realisation.Statut.EN_COURS,
            avancement=avancement,
            budget_depense=(r.projet.cout * avancement / 100).quantize(Decimal(1)),
            commentaire="Travaux réceptionnés." if termine else "Travaux en cours.",
        )
        debut = c.realisation_debut
        for k, libelle in enumerate(("Études", "Commande", "Travaux", "Inauguration")):
            prevu = debut + datetime.timedelta(days=60 * k)
            atteint = prevu if prevu <= jour and avancement >= 25 * k else None
            jalon_add(realisation=r, libelle=libelle, date_prevue=prevu, atteint_le=atteint)


def _votes(*, c, rng, projets, enveloppes, communes, nombre, jour) -> None:
    """Generated voters and ballots (inserted directly: the vote may be closed)."""
    par_env = {e.pk: [p for p in projets if p.enveloppe_id == e.pk] for e in enveloppes}
    # Uneven popularity, as in a real vote.
    poids = {p.pk: rng.paretovariate(1.5) for p in projets}
    compteurs = Counter()
    votants, bulletins = [], []
    for i in range(nombre):
        age = rng.choice([15, 19, 24, 33, 41, 52, 58, 66, 71, 80])
        canal = Canal.EN_LIGNE if rng.random() < 0.6 else Canal.PAPIER
        commune = rng.choice(communes) if communes else None
        votants.append(Votant(campagne=c, empreinte=f"demo-{c.pk}-{i}", canal=canal,
                              jour=min(jour, c.vote_fin), tranche_age=tranche_age(age),
                              commune=commune))  # fmt: skip
        for env in enveloppes:
            candidats = par_env[env.pk]
            if not candidats or not env.age_permis(age, pour="vote"):
                continue
            k = min(len(candidats), rng.randint(env.choix_min, env.choix_max))
            choix = set()
            while len(choix) < k:
                choix.add(rng.choices(candidats, weights=[poids[p.pk] for p in candidats])[0].pk)
            bulletins.append(
                Bulletin(enveloppe=env, jour=min(jour, c.vote_fin), choix=sorted(choix))
            )
        compteurs[("total", "total")] += 1
        compteurs[("canal", canal)] += 1
        compteurs[("age", tranche_age(age))] += 1
        if commune:
            compteurs[("commune", commune.code)] += 1
    rng.shuffle(bulletins)
    Votant.objects.bulk_create(votants)
    Bulletin.objects.bulk_create(bulletins)
    Participation.objects.bulk_create(
        Participation(campagne=c, dimension=d, valeur=v, nombre=n)
        for (d, v), n in compteurs.items()
    )
