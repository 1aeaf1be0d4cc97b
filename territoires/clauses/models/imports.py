"""Uploads of the facilitator's workbooks and of DECP files, and their outcome."""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class ImportClauses(models.Model):
    """One upload of the facilitator's workbook (or its two CSV files) and its outcome."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "En cours"
        IMPORTE = "importe", "Importé"
        REFUSE = "refuse", "Refusé"
        # Its task failed or was interrupted: nothing written, it may be relaunched.
        ECHOUE = "echoue", "Échoué"

    fichier = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name="classeur"
    )
    fichier_heures = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fichier heures.csv",
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.EN_COURS)
    erreurs = models.JSONField(default=list, blank=True)
    resume = models.JSONField("résumé", default=dict, blank=True)
    tache = models.ForeignKey(
        "core.TacheSuivi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        "comptes.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "import de classeur"
        verbose_name_plural = "imports de classeurs"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Import du {timezone.localtime(self.cree_le):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:import_detail", args=[self.pk])


class ImportDecp(models.Model):
    """One DECP v2 file uploaded by the facilitator, and what it gave."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "En cours"
        IMPORTE = "importe", "Importé"
        REFUSE = "refuse", "Refusé"
        # Its task failed or was interrupted: nothing written, it may be relaunched.
        ECHOUE = "echoue", "Échoué"

    fichier = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name="fichier DECP"
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.EN_COURS)
    erreur = models.TextField(blank=True)
    # {"lus": n, "crees": [...], "completes": [...], "non_suivis": [DECP records]}
    resultat = models.JSONField("résultat", default=dict, blank=True)
    tache = models.ForeignKey(
        "core.TacheSuivi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        "comptes.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "import DECP"
        verbose_name_plural = "imports DECP"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Import DECP du {timezone.localtime(self.cree_le):%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:decp_detail", args=[self.pk])
