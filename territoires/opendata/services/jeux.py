"""Datasets: create, update, publish, moderate, unpublish.

The first publication of an organisation goes through the Département's data officer
(`Role.RESPONSABLE_DONNEES`), and so does a dataset the officer unpublished; the next ones
are published at once. Every change of state is a journalised transition
(`core.workflow.transition_apply`); producer and data officers are notified.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from territoires.comptes.models import Membre, Role
from territoires.core import journal, notifications
from territoires.core.models import Evenement
from territoires.core.workflow import transition_apply

from ..models import JeuDeDonnees

CATEGORIE = "Données ouvertes"
# Many-to-many fields of a dataset, set after the row is saved.
M2M_FIELDS = ("themes", "communes", "epcis")
EDITABLE_FIELDS = (
    "titre",
    "description",
    "licence",
    "mots_cles",
    "periode_debut",
    "periode_fin",
    "frequence",
    "contact",
    "source_module",
)


# Path segments of the producer's space (`mes-jeux/nouveau/`…) a dataset may not take.
RESERVED_SLUGS = {"nouveau", "ressources", "versions"}


def _slug_unique(titre: str) -> str:
    base = (slugify(titre) or "jeu")[:100].strip("-") or "jeu"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or JeuDeDonnees.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _split(champs: dict) -> tuple[dict, dict]:
    unknown = set(champs) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus d'un jeu de données : {sorted(unknown)}")
    simple = {k: v for k, v in champs.items() if k in EDITABLE_FIELDS}
    m2m = {k: v for k, v in champs.items() if k in M2M_FIELDS and v is not None}
    return simple, m2m


def _check_period(jeu: JeuDeDonnees) -> None:
    if jeu.periode_debut and jeu.periode_fin and jeu.periode_debut > jeu.periode_fin:
        raise ValidationError(
            "La fin de la période couverte doit suivre son début.", code="periode"
        )


@transaction.atomic
def dataset_create(*, organisation, actor, titre: str, **champs) -> JeuDeDonnees:
    """A new dataset (draft) of `organisation`, with a unique slug made from its title."""
    titre = (titre or "").strip()
    if not titre:
        raise ValidationError("Donnez un titre au jeu de données.", code="titre")
    simple, m2m = _split(champs)
    jeu = JeuDeDonnees(organisation=organisation, titre=titre[:200], **simple)
    _check_period(jeu)
    jeu.slug = _slug_unique(titre)
    jeu.save()
    for name, values in m2m.items():
        getattr(jeu, name).set(values)
    journal.journal_record(
        obj=jeu,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Création du jeu de données « {jeu.titre} »",
        organisation=organisation,
    )
    return jeu


@transaction.atomic
def dataset_update(*, jeu: JeuDeDonnees, actor, **champs) -> JeuDeDonnees:
    """Edit the description of a dataset (journalised field by field)."""
    simple, m2m = _split(champs)
    if "titre" in simple:
        simple["titre"] = (simple["titre"] or "").strip()[:200]
        if not simple["titre"]:
            raise ValidationError("Donnez un titre au jeu de données.", code="titre")
    with journal.track_changes(jeu, actor=actor, description="Modification du jeu de données"):
        for name, value in simple.items():
            setattr(jeu, name, value)
        _check_period(jeu)
        jeu.save()
    _m2m_set(jeu, m2m, actor=actor)
    return jeu


M2M_LABELS = {"themes": "thèmes", "communes": "communes couvertes", "epcis": "intercommunalités"}


def _m2m_set(jeu: JeuDeDonnees, m2m: dict, *, actor) -> None:
    """Set themes and coverage; the journal says which lists changed and how."""
    changes = {}
    for name, values in m2m.items():
        manager = getattr(jeu, name)
        before = sorted(str(o) for o in manager.all())
        manager.set(values)
        after = sorted(str(o) for o in manager.all())
        if before != after:
            changes[M2M_LABELS[name]] = [", ".join(before), ", ".join(after)]
    if changes:
        journal.journal_record(
            obj=jeu,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description=(
                "Modification : "
                + " ; ".join(f"{k} : {v[1] or '(aucun)'}" for k, v in changes.items())
            )[:255],
            organisation=jeu.organisation,
        )


def _producer_users(jeu: JeuDeDonnees) -> list:
    membres = Membre.objects.actifs().filter(organisation=jeu.organisation).select_related("user")
    return [m.user for m in membres]


def _data_officers() -> list:
    membres = Membre.objects.actifs().filter(role=Role.RESPONSABLE_DONNEES).select_related("user")
    return list({m.user_id: m.user for m in membres}.values())


def _notify_producer(jeu: JeuDeDonnees, *, title: str, body: str = "") -> None:
    notifications.notify(
        users=_producer_users(jeu),
        title=title,
        body=body,
        url=reverse("opendata:mes_jeux_jeu", kwargs={"jeu_slug": jeu.slug}),
        category=CATEGORIE,
    )


def _already_published(organisation) -> bool:
    return JeuDeDonnees.objects.filter(organisation=organisation, publie_le__isnull=False).exists()


def _check_publishable(jeu: JeuDeDonnees) -> None:
    if not jeu.ressources.filter(version_courante__isnull=False).exists():
        raise ValidationError(
            "Ajoutez au moins une ressource avec un fichier publié avant de publier le jeu.",
            code="sans_ressource",
        )


@transaction.atomic
def dataset_publish(*, jeu: JeuDeDonnees, actor) -> JeuDeDonnees:
    """Publish a dataset; the first of its organisation (or an unpublished one) is moderated.

    A data officer's own publication needs no moderation.
    """
    _check_publishable(jeu)
    moderateur = actor is not None and actor.has_perm("opendata.moderer_jeudedonnees", jeu)
    needs_moderation = not moderateur and (
        jeu.statut == JeuDeDonnees.Statut.DEPUBLIE or not _already_published(jeu.organisation)
    )
    if needs_moderation:
        transition_apply(obj=jeu, transition="soumettre", actor=actor)
        notifications.notify(
            users=_data_officers(),
            title=f"Jeu de données à modérer : {jeu.titre}",
            body=f"{jeu.organisation} demande la publication de « {jeu.titre} ».",
            url=reverse("opendata:moderation"),
            category=CATEGORIE,
        )
        _notify_producer(
            jeu,
            title=f"« {jeu.titre} » attend la modération",
            body="Le responsable des données du Département le relit avant sa publication.",
        )
    else:
        transition_apply(obj=jeu, transition="publier", actor=actor)
        _notify_producer(jeu, title=f"« {jeu.titre} » est publié")
    return jeu


@transaction.atomic
def dataset_moderate(*, jeu: JeuDeDonnees, actor, accepter: bool, motif: str = "") -> JeuDeDonnees:
    """The data officer accepts (publishes) or sends back (with a reason) a dataset."""
    motif = (motif or "").strip()
    if accepter:
        _check_publishable(jeu)
        if not actor.has_perm("opendata.moderer_jeudedonnees", jeu):
            raise PermissionDenied
        if jeu.statut != JeuDeDonnees.Statut.EN_MODERATION:
            raise ValidationError("Ce jeu de données n'attend pas de modération.")
        transition_apply(obj=jeu, transition="publier", actor=actor, reason=motif)
        _notify_producer(
            jeu, title=f"« {jeu.titre} » est publié", body=motif or "Publication acceptée."
        )
    else:
        if not motif:
            raise ValidationError(
                "Dites au producteur ce qu'il doit corriger (motif du renvoi).", code="motif"
            )
        transition_apply(obj=jeu, transition="renvoyer", actor=actor, reason=motif)
        _notify_producer(jeu, title=f"« {jeu.titre} » vous est renvoyé", body=motif)
    return jeu


@transaction.atomic
def dataset_unpublish(*, jeu: JeuDeDonnees, actor, motif: str) -> JeuDeDonnees:
    """The data officer withdraws a published dataset, saying why."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Donnez le motif de la dépublication.", code="motif")
    transition_apply(obj=jeu, transition="depublier", actor=actor, reason=motif)
    _notify_producer(jeu, title=f"« {jeu.titre} » est dépublié", body=motif)
    return jeu
