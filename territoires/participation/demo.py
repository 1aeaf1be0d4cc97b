"""Démonstration : une campagne de budget participatif dans chacune des six étapes.

Données générées (graine fixe) : idées, analyses, projets, votes et réalisations crédibles.
Les règles (1 M€, une enveloppe jeunes, 3 choix) sont des lignes de configuration, pas des
constantes du code. Idempotent : une campagne dont le slug existe est laissée telle quelle.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

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
from .services.realisations import jalon_add, realisations_create
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
    rng = random.Random(GRAINE + rang)  # noqa: S311 (données de démonstration)
    annee = _dates(phase, jour)["vote_debut"].year
    c = Campagne.objects.create(
        slug=slug,
        titre=f"Budget participatif {annee} ({phase.label.lower()})",
        budget_total=Decimal(1_000_000),
        reglement=REGLEMENT,
        methode="mes",
        **_dates(phase, jour),
    )
    enveloppes = []
    for nom, type_, budget, cout_max, age_max in (
        ("Générale", EnveloppeCampagne.Type.GENERALE, 900_000, 50_000, None),
        ("Jeunes", EnveloppeCampagne.Type.JEUNES, 100_000, 25_000, 25),
    ):
        e = EnveloppeCampagne(campagne=c, nom=nom, type=type_, budget=Decimal(budget),
                      cout_max=Decimal(cout_max), age_max_proposer=age_max, age_max_vote=age_max,
                      choix_max=3)  # fmt: skip
        e._import = True  # création de la configuration, avant toute ouverture réelle
        e.save()
        enveloppes.append(e)
    if phase == Phase.PREPARATION:
        return
    # Idées : statut selon l'étape atteinte.
    nb_idees = 25 if phase == Phase.IDEES else 60
    idees = []
    for i in range(nb_idees):
        env = enveloppes[0] if rng.random() < 0.8 else enveloppes[1]
        commune = rng.choice(communes) if communes else None
        objet = rng.choice(OBJETS)
        idee = Idee.objects.create(
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
        idees.append(idee)
    if phase == Phase.IDEES:
        for idee in idees[:15]:
            Idee.objects.filter(pk=idee.pk).update(statut=Idee.Statut.PUBLIEE)
        return
    projets = []
    for n, idee in enumerate(idees, 1):
        tirage = rng.random()
        if tirage < 0.1:
            statut, justification = Idee.Statut.MODEREE, ""
            idee.motif_moderation = "Propos sans rapport avec l'intérêt général."
        elif tirage < 0.35:
            statut, justification = Idee.Statut.NON_RETENUE, "Hors des compétences du Département."
        else:
            statut, justification = (
                Idee.Statut.RETENUE,
                "Faisable ; coût confirmé par les services.",
            )
        idee.statut = statut
        idee.justification = justification
        if statut != Idee.Statut.MODEREE:
            idee.avis_technique = "favorable" if statut == Idee.Statut.RETENUE else "defavorable"
            idee.avis_juridique = "favorable"
            idee.avis_financier = "reserve"
            idee.cout_services = idee.cout_estime * Decimal("1.1")
        idee.save()
        if statut == Idee.Statut.RETENUE:
            cout = min(idee.cout_services, idee.enveloppe.cout_max)
            projets.append(
                Projet.objects.create(
                    campagne=c,
                    enveloppe=idee.enveloppe,
                    code=f"{n:03d}",
                    titre=idee.titre,
                    description=idee.description,
                    categorie=idee.categorie,
                    commune=idee.commune,
                    cout=cout.quantize(Decimal(1)),
                    soumis_au_vote=phase != Phase.ANALYSE,
                )  # fmt: skip
            )
            Idee.objects.filter(pk=idee.pk).update(projet=projets[-1])
    if phase == Phase.ANALYSE:
        return
    _votes(c=c, rng=rng, projets=projets, enveloppes=enveloppes, communes=communes,
           nombre=300 if phase == Phase.VOTE else 600, jour=jour)  # fmt: skip
    if phase == Phase.VOTE:
        return
    resultats_compute(campagne=c)
    realisations_create(campagne=c)
    for r in Realisation.objects.filter(projet__campagne=c).select_related("projet"):
        termine = phase == Phase.EVALUATION or rng.random() < 0.2
        r.statut = Realisation.Statut.TERMINEE if termine else Realisation.Statut.EN_COURS
        r.avancement = 100 if termine else rng.randrange(5, 95, 5)
        r.budget_depense = (r.projet.cout * r.avancement / 100).quantize(Decimal(1))
        r.commentaire = "Travaux réceptionnés." if termine else "Travaux en cours."
        r.save()
        debut = c.realisation_debut
        for k, libelle in enumerate(("Études", "Commande", "Travaux", "Inauguration")):
            prevu = debut + datetime.timedelta(days=60 * k)
            atteint = prevu if prevu <= jour and r.avancement >= 25 * k else None
            jalon_add(realisation=r, libelle=libelle, date_prevue=prevu, atteint_le=atteint)


def _votes(*, c, rng, projets, enveloppes, communes, nombre, jour) -> None:
    """Votants et bulletins générés (insertion directe : le vote peut être clos)."""
    par_env = {e.pk: [p for p in projets if p.enveloppe_id == e.pk] for e in enveloppes}
    # Popularité inégale, comme dans un vrai vote.
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
