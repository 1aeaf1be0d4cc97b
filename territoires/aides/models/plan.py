"""The dossier's expense lines and financing plan (CGCT L1111-10 reads the public share)."""

from django.core.validators import MinValueValidator
from django.db import models

from ..formats import euros
from .common import ZERO
from .dossier import Dossier


class LigneDepense(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="depenses")
    libelle = models.CharField("libellé", max_length=255)
    montant_ht = models.DecimalField(
        "montant HT", max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = "dépense"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.libelle


class LigneFinancement(models.Model):
    class Financeur(models.TextChoices):
        ETAT_DETR = "etat_detr", "État — DETR"
        ETAT_DSIL = "etat_dsil", "État — DSIL"
        ETAT_AUTRE = "etat_autre", "État — autre"
        REGION = "region", "Région"
        EPCI = "epci", "Intercommunalité"
        EUROPE = "europe", "Europe"
        AUTRE_PUBLIC = "autre_public", "Autre financeur public"
        PRIVE = "prive", "Financeur privé"
        AUTOFINANCEMENT = "autofinancement", "Autofinancement du maître d'ouvrage"

    #: Funders that are not public persons (CGCT L1111-10 counts only public funding).
    NON_PUBLICS = ("prive",)

    class Statut(models.TextChoices):
        SOLLICITE = "sollicite", "Sollicité"
        OBTENU = "obtenu", "Obtenu"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="financements")
    financeur = models.CharField(max_length=20, choices=Financeur.choices)
    montant = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.SOLLICITE)

    class Meta:
        verbose_name = "ligne du plan de financement"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_financeur_display()} : {euros(self.montant)}"
