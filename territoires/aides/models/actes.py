"""The acts of a grant: the Département's Word templates and the signed copies."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .dossier import Dossier


class ModeleActe(models.Model):
    """A Département's own Word template for an act, replacing the shipped one."""

    class Type(models.TextChoices):
        ARRETE = "arrete", "Arrêté attributif"
        CONVENTION = "convention", "Convention"
        NOTIFICATION = "notification", "Lettre de notification"
        REFUS = "refus", "Lettre de refus"

    type = models.CharField(max_length=12, choices=Type.choices, unique=True)
    fichier = models.FileField(
        "modèle Word (.docx)",
        upload_to="aides/modeles/",
        help_text="Balises docxtpl : {{ beneficiaire }}, {{ montant }}, {{ deliberation }}… "
        "(voir les modèles livrés). Le PDF est produit depuis ce même modèle Word : "
        "une modification vaut pour les deux formats.",
    )
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "modèle d'acte"
        verbose_name_plural = "modèles d'actes"

    def __str__(self) -> str:
        return self.get_type_display()


class ActeSigne(models.Model):
    """The signed version of a generated act, uploaded back."""

    class Type(models.TextChoices):
        ARRETE = "arrete", "Arrêté attributif"
        CONVENTION = "convention", "Convention"
        NOTIFICATION = "notification", "Lettre de notification"
        REFUS = "refus", "Lettre de refus"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="actes")
    type = models.CharField(max_length=12, choices=Type.choices)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The date the act bears (signature), which the applicant reads; `cree_le` is the upload.
    signe_le = models.DateField("signé le", null=True, blank=True)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "acte signé"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} signé — {self.dossier.numero}"

    @property
    def organisation_id(self):
        return self.dossier.organisation_id

    def document_visible_par(self, user) -> bool:
        return user.has_perm("aides.view_dossier", self.dossier)
