"""Commission permanente sessions, their yearly pattern and the yearly credits of each
scheme."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from territoires.ui.templatetags.dates import date_longue

from .dispositifs import Dispositif


class SessionProgrammation(models.Model):
    """A commission permanente session. A dossier goes to the first session whose cut-off
    comes after the day it became complete (the cut-off day itself included or not, as the
    scheme states: `Dispositif.limite_incluse`)."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="sessions")
    nom = models.CharField(max_length=120)
    date_limite = models.DateField(
        "date limite de réception",
        help_text="Dossiers complets avant cette date ; le jour même compte si le dispositif "
        "le dit (« date limite incluse »).",
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

    @property
    def regle_limite(self) -> str:
        """The cut-off as the commune reads it, inclusiveness said."""
        return texte_limite(self.date_limite, self.dispositif.limite_incluse)


def texte_limite(date_limite: datetime.date, incluse: bool) -> str:
    jour = date_longue(date_limite)
    if incluse:
        return f"dossiers complets au plus tard le {jour} (ce jour inclus)"
    return (
        f"dossiers complets avant le {jour} (un dossier complet ce jour-là va à la session "
        "suivante)"
    )


class ModeleSession(models.Model):
    """The yearly pattern of a scheme's sessions (seed 000: « fin juin, dossiers reçus avant le
    1er avril »): day and month of the cut-off and of the commission. The sessions of any year
    are generated from it (`territoires aides_sessions`, and on demand at filing)."""

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="modeles_sessions"
    )
    libelle = models.CharField(
        "libellé",
        max_length=120,
        help_text="Nom des sessions ; « {annee} » y est remplacé par l'année, sinon l'année "
        "est ajoutée à la fin.",
    )
    jour_limite = models.PositiveSmallIntegerField(
        "jour de la date limite", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    mois_limite = models.PositiveSmallIntegerField(
        "mois de la date limite", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    jour_commission = models.PositiveSmallIntegerField(
        "jour de la commission", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    mois_commission = models.PositiveSmallIntegerField(
        "mois de la commission", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    source = models.CharField(
        max_length=255, blank=True, help_text="Règlement ou délibération qui fixe le calendrier."
    )

    class Meta:
        verbose_name = "modèle annuel de session"
        verbose_name_plural = "modèles annuels de sessions"
        ordering = ["dispositif", "mois_limite", "jour_limite"]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.jour_limite:02d}/{self.mois_limite:02d})"

    def clean(self) -> None:
        try:  # 2000 is a leap year: 29 February is a valid day of a pattern
            limite = datetime.date(2000, self.mois_limite, self.jour_limite)
            commission = datetime.date(2000, self.mois_commission, self.jour_commission)
        except (TypeError, ValueError) as exc:
            raise ValidationError("Ce jour n'existe pas dans ce mois.") from exc
        if commission <= limite:
            raise ValidationError(
                "La commission doit se tenir après la date limite de réception, la même année."
            )

    def dates(self, annee: int) -> tuple[datetime.date, datetime.date]:
        """The cut-off and the commission of year `annee` (29 February becomes the 28th)."""

        def jour(mois, quantieme):
            try:
                return datetime.date(annee, mois, quantieme)
            except ValueError:
                return datetime.date(annee, mois, quantieme - 1)

        return (
            jour(self.mois_limite, self.jour_limite),
            jour(self.mois_commission, self.jour_commission),
        )

    def nom(self, annee: int) -> str:
        if "{annee}" in self.libelle:
            return self.libelle.replace("{annee}", str(annee))
        return f"{self.libelle} {annee}"

    def session(self, annee: int) -> SessionProgrammation:
        """The session of year `annee`, unsaved (the service saves it)."""
        limite, commission = self.dates(annee)
        return SessionProgrammation(
            dispositif=self.dispositif,
            nom=self.nom(annee),
            date_limite=limite,
            date_commission=commission,
        )


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
