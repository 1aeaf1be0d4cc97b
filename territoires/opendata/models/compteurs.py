"""Daily counts of downloads and API calls per dataset, shown to its producer."""

from django.db import models

from .jeux import JeuDeDonnees


class Compteur(models.Model):
    jeu = models.ForeignKey(JeuDeDonnees, on_delete=models.CASCADE, related_name="compteurs")
    jour = models.DateField()
    telechargements = models.PositiveIntegerField("téléchargements", default=0)
    appels_api = models.PositiveIntegerField("appels à l'API", default=0)

    class Meta:
        ordering = ["-jour"]
        constraints = [models.UniqueConstraint(fields=["jeu", "jour"], name="compteur_jeu_jour")]

    def __str__(self) -> str:
        return f"{self.jeu} — {self.jour}"
