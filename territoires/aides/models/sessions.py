"""Commission permanente sessions and the yearly credits of each scheme."""

from django.db import models
from django.urls import reverse

from .dispositifs import Dispositif


class SessionProgrammation(models.Model):
    """A commission permanente session. Dossiers received before `date_limite` go to the first
    session whose cut-off is after their filing date."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="sessions")
    nom = models.CharField(max_length=120)
    date_limite = models.DateField(
        "date limite de réception", help_text="Dossiers reçus avant cette date (exclue)."
    )
    date_commission = models.DateField("date de la commission")
    numero_deliberation = models.CharField("n° de délibération", max_length=40, blank=True)
    date_deliberation = models.DateField("date de la délibération", null=True, blank=True)

    class Meta:
        verbose_name = "session de programmation"
        verbose_name_plural = "sessions de programmation"
        ordering = ["date_commission"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("aides:session", kwargs={"session_id": self.pk})

    @property
    def votee(self) -> bool:
        return bool(self.numero_deliberation)


class Enveloppe(models.Model):
    """Credits of a scheme for one year (and, for F2D, the contract envelopes)."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="enveloppes")
    annee = models.PositiveSmallIntegerField("année")
    montant = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-annee", "dispositif__nom"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "annee"], name="enveloppe_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} {self.annee}"
