import datetime
from decimal import Decimal

import factory
from django.urls import reverse
from django.utils import timezone

from territoires.core.documents import document_upload
from territoires.participation.models import Campagne, EnveloppeCampagne, Projet
from territoires.participation.services.votants import empreinte_identite
from tests.core.samples import png, upload


def dates_pour(phase: str, aujourdhui: datetime.date | None = None) -> dict:
    """Dates des six étapes qui placent la campagne dans `phase` aujourd'hui."""
    j = aujourdhui or timezone.localdate()
    d = datetime.timedelta
    debut_vote = {
        "preparation": j + d(days=200),
        "idees": j + d(days=100),
        "analyse": j + d(days=20),
        "vote": j - d(days=5),
        "realisation": j - d(days=60),
        "evaluation": j - d(days=800),
    }[phase]
    return {
        "deliberation_le": debut_vote - d(days=240),
        "idees_debut": debut_vote - d(days=180),
        "idees_fin": debut_vote - d(days=60) if phase != "idees" else j + d(days=30),
        "analyse_fin": debut_vote - d(days=1),
        "vote_debut": debut_vote,
        "vote_fin": debut_vote + d(days=30),
        "realisation_debut": debut_vote + d(days=90),
        "evaluation_le": debut_vote + d(days=700),
    }


class CampagneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campagne

    slug = factory.Sequence(lambda n: f"bp-{n}")
    titre = factory.Sequence(lambda n: f"Budget participatif {n}")
    budget_total = Decimal("1000000")
    reglement = "Chaque personne vote une fois."

    @classmethod
    def _create(cls, model_class, *args, phase="vote", **kwargs):
        for k, v in dates_pour(phase).items():
            kwargs.setdefault(k, v)
        return super()._create(model_class, *args, **kwargs)


def enveloppe(campagne, **kwargs) -> EnveloppeCampagne:
    """Créée hors des règles figées (comme la préparation l'aurait fait)."""
    e = EnveloppeCampagne(
        campagne=campagne,
        nom=kwargs.pop("nom", "Générale"),
        budget=kwargs.pop("budget", Decimal(100)),
        **kwargs,
    )
    e._import = True
    e.save()
    return e


def projet(env, code, cout, **kwargs) -> Projet:
    """Créé hors des règles figées (la liste soumise au vote l'aurait été avant l'ouverture)."""
    p = Projet(
        campagne=env.campagne,
        enveloppe=env,
        code=code,
        titre=kwargs.pop("titre", f"Projet {code}"),
        cout=Decimal(cout),
        soumis_au_vote=kwargs.pop("soumis_au_vote", True),
        **kwargs,
    )
    p._import = True
    p.save()
    return p


def voter_en_ligne(client, c, bulletin: dict, **identite):
    """Le parcours en ligne jusqu'au bout : identité (si donnée ; sinon FranceConnect ou le
    profil), bulletin (`{"env_<pk>": [pk, …]}`), récapitulatif, « Confirmer mon vote ».

    Rend la page où le parcours s'arrête : « A voté », « déjà voté » ou une erreur.
    """
    url = reverse("participation:voter", args=[c.slug])
    reponse = client.post(url, identite) if identite else client.get(url)
    if reponse.status_code != 302:
        return reponse
    assert reponse["Location"] == reverse("participation:bulletin", args=[c.slug])
    reponse = client.post(reponse["Location"], {**bulletin, "action": "recapitulatif"})
    if reponse.status_code != 302:
        return reponse
    assert reponse["Location"] == reverse("participation:recapitulatif", args=[c.slug])
    reponse = client.post(reponse["Location"])
    if reponse.status_code != 302:
        return reponse
    # Confirmed: the answer sends to « A voté » (post, redirect, get).
    assert reponse["Location"] == reverse("participation:a_vote", args=[c.slug])
    return client.get(reponse["Location"])


def matrix_objects(world: dict) -> dict:
    """Objets de la matrice des permissions : une campagne au vote, une idée non publiée,
    une réalisation (créés une fois par monde)."""
    if "participation" not in world:
        from territoires.participation.models import Idee, Realisation

        c = CampagneFactory(phase="vote", slug="bp-matrice")
        env = enveloppe(c, budget=Decimal(100))
        p = projet(env, "1", 10)
        idee = Idee.objects.create(
            campagne=c, titre="Idée non publiée", description="d", categorie="x",
            cout_estime=Decimal(5), nom_auteur="Quelqu'un",
        )  # fmt: skip
        realisation = Realisation.objects.create(projet=p)
        photo = document_upload(
            file=upload("banc.png", png()), owner_organisation=None, uploaded_by=None,
            attached_to=idee, allowed_types=("png",),
        )  # fmt: skip
        idee.photos.add(photo)
        world["participation"] = {
            "campagne_slug": c.slug,
            "idee_id": idee.pk,
            "photo_id": photo.pk,
            "realisation_id": realisation.pk,
            "urne_id": env.pk,
            "projet_id": p.pk,
        }
    return world["participation"]


def identite(campagne, nom="Dupont", prenom="Jeanne", commune="32013"):
    """The fingerprint of a declared identity born on 1 May 1980."""
    return empreinte_identite(
        campagne=campagne,
        nom=nom,
        prenom=prenom,
        naissance=datetime.date(1980, 5, 1),
        commune_code=commune,
    )
