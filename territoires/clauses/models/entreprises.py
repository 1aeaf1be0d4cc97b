"""Companies and their place on the lots (attributaire, co-traitant, sous-traitant)."""

from django.db import models

from territoires.comptes.models import Organisation, validate_siret
from territoires.referentiel.models import Commune

from .marches import Lot


class Entreprise(models.Model):
    class TypeEmployeur(models.TextChoices):
        AUCUN = "", "Entreprise classique"
        EI = "EI", "Entreprise d'insertion (EI)"
        ETTI = "ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"
        AI = "AI", "Association intermédiaire (AI)"
        ACI = "ACI", "Atelier et chantier d'insertion (ACI)"
        EITI = "EITI", "Entreprise d'insertion par le travail indépendant (EITI)"
        GEIQ = "GEIQ", "Groupement d'employeurs (GEIQ)"
        EA = "EA", "Entreprise adaptée (EA)"

    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    nom = models.CharField(max_length=200)
    effectif = models.PositiveIntegerField(null=True, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    type_employeur = models.CharField(
        "employeur d'insertion", max_length=5, choices=TypeEmployeur.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entreprises_clauses",
        help_text="Le compte de l'entreprise : ses membres voient leurs obligations et heures.",
    )
    activites = models.CharField(
        "activités",
        max_length=300,
        blank=True,
        help_text="Ce que fait la structure, en quelques mots (« second œuvre, peinture, "
        "espaces verts ») : les acheteurs la trouvent par là dans l'annuaire.",
    )
    dans_annuaire = models.BooleanField(
        "dans l'annuaire public",
        default=False,
        help_text="Avec l'accord de la structure : son nom, son SIRET, sa commune, son type et "
        "ses activités sont publiés dans l'annuaire des acheteurs.",
    )

    class Meta:
        verbose_name = "entreprise"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Attribution(models.Model):
    class Role(models.TextChoices):
        ATTRIBUTAIRE = "attributaire", "Attributaire"
        COTRAITANT = "cotraitant", "Co-traitant"
        SOUS_TRAITANT = "sous_traitant", "Sous-traitant"

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="attributions")
    entreprise = models.ForeignKey(
        Entreprise, on_delete=models.CASCADE, related_name="attributions"
    )
    role = models.CharField("rôle", max_length=14, choices=Role.choices, default=Role.ATTRIBUTAIRE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "entreprise"], name="attribution_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entreprise} ({self.get_role_display()})"
