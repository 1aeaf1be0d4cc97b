"""The facilitator's activity: support agreements with buyers, site meetings and visits."""

from django.db import models

from .marches import DonneurOrdre, Marche


class ConventionAccompagnement(models.Model):
    donneur_ordre = models.ForeignKey(
        DonneurOrdre, on_delete=models.CASCADE, related_name="conventions"
    )
    objet = models.CharField(max_length=300)
    date_signature = models.DateField("signée le")
    date_fin = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "convention d'accompagnement"
        verbose_name_plural = "conventions d'accompagnement"
        ordering = ["-date_signature"]

    def __str__(self) -> str:
        return f"Convention avec {self.donneur_ordre} ({self.date_signature:%d/%m/%Y})"


class Reunion(models.Model):
    class Type(models.TextChoices):
        REUNION_CHANTIER = "reunion_chantier", "Réunion de chantier"
        VISITE = "visite", "Visite de chantier"
        AUTRE = "autre", "Autre rendez-vous"

    marche = models.ForeignKey(
        Marche, on_delete=models.CASCADE, null=True, blank=True, related_name="reunions"
    )
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.REUNION_CHANTIER)
    date = models.DateField()
    compte_rendu = models.TextField("compte rendu", blank=True)

    class Meta:
        verbose_name = "réunion ou visite"
        verbose_name_plural = "réunions et visites"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"
