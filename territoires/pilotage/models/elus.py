"""What an elected official of the Département follows, and when they last came.

A councillor follows the communes of their canton when the INSEE cantons are imported
(`territoires referentiel import-cantons`), otherwise a list of communes set by an
administrator; a vice-president may follow a delegation (one module) over the whole
Département. Writes in `pilotage/services/elus.py`, reads in `pilotage/elus/`.
"""

from django.conf import settings
from django.db import models

from territoires.referentiel.models import Canton, Commune


class Delegation(models.TextChoices):
    INGENIERIE = "ingenierie", "Ingénierie territoriale"
    AIDES = "aides", "Aides aux collectivités"
    CLAUSES = "clauses", "Clauses sociales"
    PARTICIPATION = "participation", "Budget participatif"
    DONNEES = "donnees", "Données ouvertes"


class SuiviElu(models.Model):
    """The territory one elected official follows (one row per official)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="suivi_elu",
        verbose_name="élu",
    )
    canton = models.ForeignKey(
        Canton,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Canton de l'élu, quand les cantons sont importés : il suit toutes ses communes.",
    )
    communes = models.ManyToManyField(
        Commune,
        blank=True,
        related_name="+",
        verbose_name="communes suivies",
        help_text="Sans canton : les communes que l'élu suit (cherchez-les par leur nom).",
    )
    delegation = models.CharField(
        "délégation",
        max_length=20,
        choices=Delegation.choices,
        blank=True,
        help_text="Vice-président : le module de sa délégation, suivi sur tout le Département.",
    )
    resume_hebdomadaire = models.BooleanField("résumé hebdomadaire par courriel", default=False)
    derniere_visite = models.DateTimeField("dernière visite", null=True, blank=True)
    # The visit before the current one: what « since your last visit » counts from.
    visite_precedente = models.DateTimeField("visite précédente", null=True, blank=True)
    dernier_resume_le = models.DateTimeField("dernier résumé envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "territoire suivi par un élu"
        verbose_name_plural = "territoires suivis par les élus"

    def __str__(self) -> str:
        return f"Territoire suivi par {self.user}"
