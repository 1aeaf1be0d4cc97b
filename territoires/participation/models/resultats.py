"""Results of the count, by enveloppe and by method."""

from django.db import models

from .campagnes import Departage, EnveloppeCampagne, Methode


class Resultat(models.Model):
    enveloppe = models.ForeignKey(
        EnveloppeCampagne, on_delete=models.CASCADE, related_name="resultats"
    )
    methode = models.CharField(max_length=10, choices=Methode.choices)
    departage = models.CharField(max_length=20, choices=Departage.choices)
    calcule_le = models.DateTimeField(auto_now=True)
    bulletins = models.PositiveIntegerField(default=0)
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    cout_total = models.DecimalField(max_digits=14, decimal_places=2)
    selectionnes = models.JSONField(default=list)  # pk des projets, dans l'ordre de sélection
    tours = models.JSONField(default=list)
    voix = models.JSONField(default=dict)  # pk → voix

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enveloppe", "methode"], name="resultat_unique")
        ]

    def __str__(self) -> str:
        return str(self.methode)
