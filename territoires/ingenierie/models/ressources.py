"""The resource library: guides, models of administrative acts and of procurement documents."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .configuration import Domaine


class Ressource(models.Model):
    class Type(models.TextChoices):
        GUIDE = "guide", "Guide méthodologique"
        ACTE = "acte", "Modèle d'acte administratif"
        MARCHE = "marche", "Modèle de pièce de marché"
        AUTRE = "autre", "Autre ressource"

    titre = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.GUIDE)
    description = models.TextField(blank=True)
    domaines = models.ManyToManyField(Domaine, blank=True, related_name="ressources")
    url = models.URLField("lien", blank=True)
    document = models.ForeignKey(
        "core.Document", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    publiee = models.BooleanField(default=True)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["titre"]

    def __str__(self) -> str:
        return self.titre

    def clean(self) -> None:
        if not self.url and not self.document_id:
            raise ValidationError("Une ressource est un fichier ou un lien.")

    def document_visible_par(self, user) -> bool:
        return user.is_authenticated and self.publiee
