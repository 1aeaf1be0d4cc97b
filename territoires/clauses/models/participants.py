"""Participants (pseudonymous), their work contracts and monthly insertion hours."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from territoires.referentiel.models import Commune

from .configuration import Critere
from .entreprises import Entreprise
from .marches import Lot


class Participant(models.Model):
    class Sexe(models.TextChoices):
        F = "F", "Femme"
        M = "M", "Homme"

    identifiant = models.CharField(
        "identifiant pseudonyme", max_length=60, unique=True, help_text="Celui de la facilitatrice."
    )
    sexe = models.CharField(max_length=1, choices=Sexe.choices)
    annee_naissance = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    commune_residence = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept at anonymisation (the commune is erased): the yearly report reads it.
    reside_departement = models.BooleanField("réside dans le Département", default=False)
    criteres = models.ManyToManyField(Critere, related_name="participants", blank=True)
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True)

    class Meta:
        verbose_name = "participant"
        ordering = ["identifiant"]

    def __str__(self) -> str:
        return f"Participant {self.identifiant}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:participant", args=[self.pk])


class Contrat(models.Model):
    class Type(models.TextChoices):
        CDD_LONG = "CDD_LONG", "CDD long"
        CDI = "CDI", "CDI / CDIC"
        CTT = "CTT", "CTT"
        APPRENTISSAGE = "APPRENTISSAGE", "Apprentissage"
        INTERIM = "INTERIM", "Intérim"
        ETTI = "ETTI", "ETTI"
        SIAE = "SIAE", "Autres SIAE"
        PROFESSIONNALISATION = "PROFESSIONNALISATION", "CTT prof. / professionnalisation"
        CUI = "CUI", "CUI"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contrats")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="contrats")
    lots = models.ManyToManyField(Lot, related_name="contrats", blank=True)
    type_contrat = models.CharField("type de contrat", max_length=20, choices=Type.choices)
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "contrat de travail"
        verbose_name_plural = "contrats de travail"
        ordering = ["date_debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "entreprise", "type_contrat", "date_debut"],
                name="contrat_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_contrat_display()} du {self.date_debut:%d/%m/%Y}"

    def clean(self) -> None:
        if self.date_fin and self.date_fin < self.date_debut:
            raise ValidationError({"date_fin": "La fin du contrat précède son début."})


class HeuresMensuelles(models.Model):
    """Hours worked by a participant under a contract, on a lot, in a month.

    `participant` and `entreprise` repeat the contract's so that the yearly report counts
    them with one SQL aggregate over this table.
    """

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="heures")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="heures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="heures")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="heures")
    mois = models.DateField(help_text="Premier jour du mois.")
    heures = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "heures mensuelles"
        verbose_name_plural = "heures mensuelles"
        ordering = ["mois"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "lot", "mois"], name="heures_unique_mois")
        ]
        indexes = [models.Index(fields=["mois", "lot"]), models.Index(fields=["lot", "mois"])]

    def __str__(self) -> str:
        return f"{self.heures} h en {self.mois:%m/%Y}"
