"""What follows a sollicitation up: actions and recommendations with their comments, notes
(internal or read by the collectivité), private documents and links to other modules.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from .sollicitations import Sollicitation


class Action(FSMModelMixin, models.Model):
    """An action or recommendation on a request, followed up by both sides.

    Either side moves it from any state to any other (one transition per target state), each
    time with a comment and a line in the journal.
    """

    class Statut(models.TextChoices):
        PROPOSEE = "proposee", "Proposée"
        EN_COURS = "en_cours", "En cours"
        BLOQUEE = "bloquee", "Bloquée"
        REALISEE = "realisee", "Réalisée"
        ABANDONNEE = "abandonnee", "Abandonnée"

    sollicitation = models.ForeignKey(
        Sollicitation, on_delete=models.CASCADE, related_name="actions"
    )
    titre = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    ressource = models.ForeignKey(
        "Ressource",
        verbose_name="ressource recommandée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    statut = FSMField(
        max_length=12, choices=Statut.choices, default=Statut.PROPOSEE, protected=True
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self) -> str:
        return self.titre

    @property
    def est_recommandation(self) -> bool:
        return self.ressource_id is not None

    @property
    def tone(self) -> str:
        return {"realisee": "success", "bloquee": "error", "en_cours": "warning"}.get(
            self.statut, "neutral"
        )

    def transition_vers(self, statut: str) -> str | None:
        """The name of the transition from the current state to `statut`, if there is one."""
        for candidate in self.get_available_statut_transitions():
            if candidate.target == statut:
                return candidate.name
        return None

    @transition(
        field=statut,
        source="+",
        target=Statut.PROPOSEE,
        permission="ingenierie.follow_action",
        custom={"label": "Remettre à proposée"},
    )
    def proposer(self):
        pass

    @transition(
        field=statut,
        source="+",
        target=Statut.EN_COURS,
        permission="ingenierie.follow_action",
        custom={"label": "Passer en cours"},
    )
    def commencer(self):
        pass

    @transition(
        field=statut,
        source="+",
        target=Statut.BLOQUEE,
        permission="ingenierie.follow_action",
        custom={"label": "Signaler un blocage"},
    )
    def bloquer(self):
        pass

    @transition(
        field=statut,
        source="+",
        target=Statut.REALISEE,
        permission="ingenierie.follow_action",
        custom={"label": "Marquer réalisée"},
    )
    def realiser(self):
        pass

    @transition(
        field=statut,
        source="+",
        target=Statut.ABANDONNEE,
        permission="ingenierie.follow_action",
        custom={"label": "Abandonner"},
    )
    def abandonner(self):
        pass


class Commentaire(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commentaires")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = models.TextField()
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self) -> str:
        return self.texte[:60]


class Note(models.Model):
    sollicitation = models.ForeignKey(Sollicitation, on_delete=models.CASCADE, related_name="notes")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = models.TextField()
    publique = models.BooleanField(
        default=False, help_text="Une note publique est lue par la collectivité."
    )
    de_la_collectivite = models.BooleanField(
        "message de la collectivité", default=False, editable=False
    )
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self) -> str:
        genre = "Note publique" if self.publique else "Note interne"
        if self.de_la_collectivite:
            genre = "Message de la collectivité"
        return f"{genre} du {self.cree_le:%d/%m/%Y}"


class DocumentsInternes(models.Model):
    """Holder of a request's private documents (staff only), to which they are attached.

    Its primary key is the request's, so the page lists them with one query on
    (content type, object id) and the download rule asks `document_visible_par` below: a
    collectivité user gets 404 on the download URL of a private document.
    """

    sollicitation = models.OneToOneField(
        Sollicitation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="documents_internes",
    )

    class Meta:
        verbose_name = "documents internes d'une sollicitation"
        verbose_name_plural = "documents internes des sollicitations"

    def __str__(self) -> str:
        return f"Documents internes de {self.sollicitation}"

    def document_visible_par(self, user) -> bool:
        return user.has_perm("ingenierie.view_private", self.sollicitation)


class Lien(models.Model):
    """A link to another module's object (an aid dossier, a marché), or to any address."""

    sollicitation = models.ForeignKey(Sollicitation, on_delete=models.CASCADE, related_name="liens")
    libelle = models.CharField("libellé", max_length=200)
    url = models.CharField("adresse", max_length=500)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    objet = GenericForeignKey("content_type", "object_id")
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le", "pk"]

    def __str__(self) -> str:
        return self.libelle
