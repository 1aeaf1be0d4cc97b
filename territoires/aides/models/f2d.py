"""F2D contracts with the EPCIs and the operations they list."""

from django.db import models

from territoires.comptes.models import Organisation

from .dispositifs import Dispositif


class ContratF2D(models.Model):
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="contrats")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        limit_choices_to={"type": Organisation.Type.EPCI},
        related_name="contrats_f2d",
    )
    annee_debut = models.PositiveSmallIntegerField("première année")
    annee_fin = models.PositiveSmallIntegerField("dernière année")
    enveloppe = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "contrat F2D"
        verbose_name_plural = "contrats F2D"
        ordering = ["-annee_debut", "organisation__nom"]

    def __str__(self) -> str:
        return f"Contrat {self.annee_debut}-{self.annee_fin} — {self.organisation}"


class OperationContrat(models.Model):
    contrat = models.ForeignKey(ContratF2D, on_delete=models.CASCADE, related_name="operations")
    intitule = models.CharField("intitulé", max_length=255)
    montant_prevu = models.DecimalField("subvention prévue", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "opération du contrat"
        ordering = ["contrat", "intitule"]

    def __str__(self) -> str:
        return self.intitule
