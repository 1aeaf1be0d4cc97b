"""Reads shared by the views, the letters, the open data and the aid catalogue."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from territoires.comptes.rules import active_memberships

from .models import Appel, Candidature, Critere, Note, Reponse

DEUX = Decimal("0.01")


def appels_publics() -> QuerySet[Appel]:
    """Published calls (open, to come or closed), for the public list and the open data."""
    return (
        Appel.objects.exclude(statut=Appel.Statut.BROUILLON)
        .select_related("organisation", "dispositif")
        .order_by("-date_limite", "pk")
    )


def appels_ouverts(when: datetime.datetime | None = None) -> QuerySet[Appel]:
    when = when or timezone.now()
    return (
        appels_publics()
        .filter(statut=Appel.Statut.PUBLIE, ouverture__lte=when, date_limite__gt=when)
        .order_by("date_limite", "pk")
    )


def appels_for_gestion(user) -> QuerySet[Appel]:
    """The calls a member of the Département runs (its service) or judges (its jury)."""
    services = [
        m.organisation_id for m in active_memberships(user) if m.organisation.est_departement
    ]
    return (
        Appel.objects.filter(Q(organisation_id__in=services) | Q(jury=user))
        .distinct()
        .select_related("organisation")
        .order_by("-date_limite", "pk")
    )


def candidatures_for_user(user) -> QuerySet[Candidature]:
    organisations = [m.organisation_id for m in active_memberships(user)]
    return (
        Candidature.objects.filter(organisation_id__in=organisations)
        .select_related("appel", "organisation")
        .order_by("-creee_le", "pk")
    )


def candidature_get(pk: int) -> Candidature:
    return Candidature.objects.select_related("appel__organisation", "organisation").get(pk=pk)


def reponses_for(candidature: Candidature) -> dict[int, Reponse]:
    """Answers by question id."""
    return {r.question_id: r for r in candidature.reponses.select_related("document", "question")}


# --- Scores ------------------------------------------------------------------------------------


def note_ponderee(note: Note, criteres: list[Critere]) -> Decimal | None:
    """The weighted mean of one member's values, on the call's scale (0 to `note_max`)."""
    valeurs = {v.critere_id: v.valeur for v in note.valeurs.all()}
    poids = sum(c.poids for c in criteres if c.pk in valeurs)
    if not poids:
        return None
    total = sum(valeurs[c.pk] * c.poids for c in criteres if c.pk in valeurs)
    return (total / poids).quantize(DEUX, rounding=ROUND_HALF_UP)


def moyenne(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(DEUX, rounding=ROUND_HALF_UP)


def note_de(candidature: Candidature, user) -> Note | None:
    return (
        candidature.notes.filter(membre=user).prefetch_related("valeurs").first()
        if user.is_authenticated
        else None
    )


def notes_visibles(candidature: Candidature, user) -> list[Note]:
    """Every score of the candidature, but a jury member sees the others' only once they
    gave theirs (the service that does not judge sees them all, to deliberate)."""
    jure = candidature.appel.jury.filter(pk=user.pk).exists()
    notes = list(candidature.notes.select_related("membre").prefetch_related("valeurs__critere"))
    if jure and not any(n.membre_id == user.pk for n in notes):
        return []
    return notes


@dataclass
class Ligne:
    candidature: Candidature
    notes: list[Decimal] = field(default_factory=list)
    moyenne: Decimal | None = None
    rang: int | None = None
    masquee: bool = False


def classement(appel: Appel, lecteur=None) -> list[Ligne]:
    """The filed candidatures ranked by the mean of the jury's weighted scores (unscored
    ones last). A fixed number of queries whatever the number of candidatures.

    When `lecteur` is a jury member, the lines they have not scored yet are masked (no
    scores, no rank), last: a member sees the others' scores only after giving theirs."""
    criteres = list(appel.criteres.all())
    jure = lecteur is not None and appel.jury.filter(pk=lecteur.pk).exists()
    candidatures = (
        appel.candidatures.exclude(statut=Candidature.Statut.BROUILLON)
        .select_related("organisation")
        .prefetch_related(Prefetch("notes", queryset=Note.objects.prefetch_related("valeurs")))
    )
    lignes = []
    for c in candidatures:
        if jure and not any(note.membre_id == lecteur.pk for note in c.notes.all()):
            lignes.append(Ligne(candidature=c, masquee=True))
            continue
        notes = [
            n for n in (note_ponderee(note, criteres) for note in c.notes.all()) if n is not None
        ]
        lignes.append(Ligne(candidature=c, notes=notes, moyenne=moyenne(notes)))
    lignes.sort(
        key=lambda ligne: (ligne.moyenne is None, -(ligne.moyenne or 0), ligne.candidature.pk)
    )
    for rang, ligne in enumerate(lignes, start=1):
        ligne.rang = rang if ligne.moyenne is not None else None
    return lignes


def ligne_de(candidature: Candidature, lecteur=None) -> Ligne | None:
    return next(
        (
            ligne
            for ligne in classement(candidature.appel, lecteur)
            if ligne.candidature.pk == candidature.pk
        ),
        None,
    )


# --- The countdown -----------------------------------------------------------------------------


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


def delai_label(appel: Appel, when: datetime.datetime | None = None) -> str:
    """« Clôture dans 3 jours », written by the server (the script only refreshes it)."""
    when = when or timezone.now()
    if when < appel.ouverture:
        ouverture = appel.ouverture.astimezone(appel.tz)
        return f"Ouverture le {ouverture:%d/%m/%Y à %H:%M}"
    reste = appel.date_limite - when
    if reste.total_seconds() <= 0:
        return "Candidatures closes"
    if reste.days >= 1:
        return f"Clôture dans {_pluriel(reste.days, 'jour')}"
    heures = int(reste.total_seconds() // 3600)
    if heures >= 1:
        return f"Clôture dans {_pluriel(heures, 'heure')}"
    return f"Clôture dans {_pluriel(max(1, int(reste.total_seconds() // 60)), 'minute')}"
