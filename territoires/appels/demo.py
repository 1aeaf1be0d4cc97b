"""Demo data of the calls (`territoires demo charger`): the Gers' call for expressions of
interest for tiers-lieux and a departmental Fab Lab (seed 002, « Innover : des tiers-lieux
et un Fab Lab départemental — Appel à Manifestation d'Intérêt »), open, with two filed
candidatures, one of them an association's.

What comes from the seed: the call, its subject (shared work and creation spaces, a Fab Lab,
the needs of the Gersois, the Région Occitanie's support). Assumptions (written as such on
the call): the window, the questions, the grid and its weights, the aid scheme a selected
candidature becomes. Idempotent: nothing is created when the call exists.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from territoires.aides.models import Dispositif
from territoires.comptes.models import Membre, Organisation, Role
from territoires.instances import profil_courant

from .models import Appel, Candidature, Critere, Question, Reponse

TITRE = "Tiers-lieux et Fab Lab départemental"

GERS = "32"
TEXTE = """Le Département du Gers veut favoriser l'émergence d'espaces de travail et de création \
partagés — tiers-lieux — et d'un Fab Lab départemental, avec le soutien de la Région Occitanie.

Cet appel à manifestation d'intérêt recense les projets et analyse les besoins des Gersois : \
associations, entreprises, collectifs d'habitants et communes y décrivent leur lieu, son public \
et son modèle. La démarche est évolutive : les projets retenus sont accompagnés et peuvent \
devenir une demande d'aide.

(Démonstration : la fenêtre, les questions, la grille et le dispositif d'aide sont des \
hypothèses ; l'appel lui-même vient du projet « Réinventer » du Département.)"""

QUESTIONS = [
    ("Présentation de votre structure", Question.Type.TEXTE, "", True, ""),
    ("Le projet de tiers-lieu ou de Fab Lab", Question.Type.TEXTE, "", True, ""),
    (
        "Nature du lieu",
        Question.Type.CHOIX,
        "Tiers-lieu (espace de travail partagé)\nFab Lab (atelier de fabrication numérique)\n"
        "Les deux",
        True,
        "",
    ),
    ("Commune d'implantation", Question.Type.TEXTE, "", True, ""),
    ("Coût total du projet (HT)", Question.Type.MONTANT, "", True, "cout_ht"),
    ("Aide sollicitée au Département", Question.Type.MONTANT, "", True, "montant_demande"),
    ("Budget prévisionnel", Question.Type.DOCUMENT, "", False, ""),
]

CRITERES = [
    ("Réponse aux besoins des Gersois", 3),
    ("Ancrage territorial et partenariats", 2),
    ("Viabilité économique", 2),
    ("Ouverture au public et mixité des usages", 1),
]

CANDIDATS = [
    {
        "organisation": {
            "nom": "Association La Fabrique gasconne",
            "type": Organisation.Type.ASSOCIATION,
            "rna": "W322004567",
        },
        "email": "contact@fabrique-gasconne.exemple.org",
        "titre": "Un Fab Lab associatif à Auch",
        "reponses": [
            "Association d'éducation populaire au numérique, 120 adhérents, créée en 2014.",
            "Ouvrir un atelier de fabrication numérique (imprimantes 3D, découpe laser) pour "
            "les habitants, les collèges et les artisans.",
            "Fab Lab (atelier de fabrication numérique)",
            "Auch",
            Decimal("85000"),
            Decimal("25000"),
        ],
    },
    {
        "organisation": None,  # the demo company (comptes.demo)
        "titre": "Espace de travail partagé en Lomagne",
        "reponses": [
            "Entreprise d'insertion du bâtiment, 35 salariés.",
            "Transformer un ancien chai en espace de travail partagé de douze postes.",
            "Tiers-lieu (espace de travail partagé)",
            "Lectoure",
            Decimal("140000"),
            Decimal("30000"),
        ],
    },
]


def _fenetre(jour: datetime.date, fuseau) -> tuple[datetime.datetime, datetime.datetime]:
    ouverture = datetime.datetime.combine(jour - datetime.timedelta(days=20), datetime.time(9))
    limite = datetime.datetime.combine(jour + datetime.timedelta(days=3), datetime.time(12))
    return ouverture.replace(tzinfo=fuseau), limite.replace(tzinfo=fuseau)


def _candidat(spec, organisations):
    if spec["organisation"] is None:
        organisation = organisations["entreprise"]
        user = Membre.objects.actifs().filter(organisation=organisation).first().user
        return organisation, user
    organisation, _ = Organisation.objects.get_or_create(
        nom=spec["organisation"]["nom"], defaults=spec["organisation"]
    )
    user, created = get_user_model().objects.get_or_create(email=spec["email"])
    if created:
        user.set_unusable_password()
        user.save()
    Membre.objects.get_or_create(user=user, organisation=organisation, role=Role.GESTIONNAIRE)
    return organisation, user


def charger(*, organisations: dict, stdout) -> None:
    if profil_courant().code != GERS:
        # The AMI of seed 002 is the Gers'; another instance shows nothing of the Gers.
        stdout.write("Appels à projets : l'appel de démonstration est celui du Gers, non chargé.")
        return
    if Appel.objects.filter(titre=TITRE).exists():
        stdout.write("Appels à projets : appel de démonstration déjà présent.")
        return
    _appel(organisations)
    stdout.write("Appels à projets : l'AMI tiers-lieux et Fab Lab et deux candidatures créés.")


@transaction.atomic
def _appel(organisations: dict) -> Appel:
    dispositif, _ = Dispositif.objects.get_or_create(
        code="tiers-lieux",
        defaults={
            "nom": "Soutien aux tiers-lieux et au Fab Lab (lauréats de l'AMI)",
            "description": "Aide aux projets retenus par l'appel à manifestation d'intérêt "
            "tiers-lieux et Fab Lab (hypothèse de démonstration).",
            "beneficiaires": ["association", "entreprise", "collectif", "commune"],
            "service": organisations["aides"],
            "publie": False,
        },
    )
    appel = Appel(
        organisation=organisations["mit"],
        type=Appel.Type.AMI,
        titre=TITRE,
        resume="Recenser les projets d'espaces de travail et de création partagés et d'un "
        "Fab Lab départemental.",
        texte=TEXTE,
        types_candidats=["association", "entreprise", "collectif", "commune"],
        dispositif=dispositif,
        contact="Mission Ingénierie des Territoires — tiers-lieux@gers.fr",
    )
    appel.ouverture, appel.date_limite = _fenetre(timezone.localdate(), appel.tz)
    appel.full_clean(exclude=["statut"])
    appel.save()
    Appel.objects.filter(pk=appel.pk).update(statut=Appel.Statut.PUBLIE)
    questions = [
        Question.objects.create(
            appel=appel, ordre=i, libelle=lib, type=t, choix=c, obligatoire=o, champ_dossier=d
        )
        for i, (lib, t, c, o, d) in enumerate(QUESTIONS, start=1)
    ]
    for i, (libelle, poids) in enumerate(CRITERES, start=1):
        Critere.objects.create(appel=appel, ordre=i, libelle=libelle, poids=poids)
    User = get_user_model()
    appel.jury.set(
        User.objects.filter(
            email__in=["conseiller@territoires.test", "instructeur@territoires.test"]
        )
    )
    for spec in CANDIDATS:
        organisation, user = _candidat(spec, organisations)
        candidature = Candidature.objects.create(
            appel=appel, organisation=organisation, titre=spec["titre"], creee_par=user
        )
        for question, valeur in zip(questions, spec["reponses"], strict=False):
            champ = "montant" if isinstance(valeur, Decimal) else "texte"
            Reponse.objects.create(candidature=candidature, question=question, **{champ: valeur})
        Candidature.objects.filter(pk=candidature.pk).update(
            statut=Candidature.Statut.DEPOSEE, deposee_le=timezone.now()
        )
    return appel
