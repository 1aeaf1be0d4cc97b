"""Reminders sent by e-mail (outbox, one row per event) and the kinds a person stopped."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .sollicitations import Sollicitation


class Relance(models.Model):
    """Outbox of reminders: one row per (kind, recipient, event), so nothing is sent twice."""

    class Type(models.TextChoices):
        DIGEST = "digest", "Récapitulatif hebdomadaire du référent"
        OU_EN_ETES_VOUS = "ou_en_etes_vous", "« Où en êtes-vous ? » à la collectivité"
        INACTIVITE = "inactivite", "Signalement d'inactivité au référent"

    type = models.CharField(max_length=20, choices=Type.choices)
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sollicitation = models.ForeignKey(
        Sollicitation, on_delete=models.CASCADE, null=True, blank=True, related_name="relances"
    )
    evenement = models.CharField("événement", max_length=120)
    envoyee_le = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-envoyee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "destinataire", "evenement"], name="relance_une_par_evenement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} à {self.destinataire} ({self.evenement})"


class RelanceRefusee(models.Model):
    """A person who asked to stop one kind of reminder (link in every reminder e-mail)."""

    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=20, choices=Relance.Type.choices)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "relance refusée"
        verbose_name_plural = "relances refusées"
        constraints = [
            models.UniqueConstraint(
                fields=["destinataire", "type"], name="relance_refusee_une_par_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.destinataire} ne reçoit plus : {self.get_type_display()}"
