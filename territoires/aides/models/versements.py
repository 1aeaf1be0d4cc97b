"""Payments of a granted subsidy: advance, instalments, balance."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .common import ZERO
from .dossier import Dossier


class Versement(models.Model):
    class Type(models.TextChoices):
        AVANCE = "avance", "Avance"
        ACOMPTE = "acompte", "Acompte"
        SOLDE = "solde", "Solde"

    class Statut(models.TextChoices):
        DEMANDE = "demande", "Demandé"
        PAYE = "paye", "Payé"
        REJETE = "rejete", "Rejeté"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versements")
    type = models.CharField(max_length=10, choices=Type.choices)
    depenses_justifiees = models.DecimalField(
        "dépenses réalisées HT justifiées", max_digits=12, decimal_places=2, default=ZERO
    )
    montant_demande = models.DecimalField("montant demandé", max_digits=12, decimal_places=2)
    montant_verse = models.DecimalField(
        "montant versé", max_digits=12, decimal_places=2, null=True, blank=True
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.DEMANDE)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    demande_le = models.DateTimeField(default=timezone.now)
    paye_le = models.DateField("payé le", null=True, blank=True)
    motif_rejet = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["demande_le"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} de {self.montant_demande} €"

    @property
    def organisation_id(self):
        return self.dossier.organisation_id

    def document_visible_par(self, user) -> bool:
        return user.has_perm("aides.view_dossier", self.dossier)
