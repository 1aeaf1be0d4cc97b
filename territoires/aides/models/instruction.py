"""What instruction adds to a dossier: requests for documents, private notes, other
services' opinions and the messages exchanged with the applicant."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from territoires.comptes.models import Organisation

from .dossier import Dossier


class DemandeComplement(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="complements")
    motif = models.TextField()
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)
    reponse = models.TextField("réponse", blank=True)
    repondu_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "demande de compléments"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.motif[:60]


class Annotation(models.Model):
    """A private note of the instructors: never shown to the applicant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="annotations")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = models.TextField()
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "annotation privée"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.texte[:60]


class DemandeAvis(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="avis")
    service = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        limit_choices_to={"type": Organisation.Type.SERVICE},
        related_name="avis_demandes",
    )
    question = models.CharField(max_length=255)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(default=timezone.now)
    relance_le = models.DateTimeField("relancé le", null=True, blank=True)
    favorable = models.BooleanField(null=True)
    texte = models.TextField(blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    repondu_le = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande d'avis"
        verbose_name_plural = "demandes d'avis"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.question


class Message(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    du_departement = models.BooleanField(default=False)
    texte = models.TextField()
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self) -> str:
        return self.texte[:60]

    @property
    def organisation_id(self):
        return self.dossier.organisation_id

    def document_visible_par(self, user) -> bool:
        return user.has_perm("aides.view_dossier", self.dossier)
