"""The facilitator's activity: support agreements with buyers, site meetings and visits."""

from django.db import models

from .marches import DonneurOrdre, Marche


class ConventionAccompagnement(models.Model):
    donneur_ordre = models.ForeignKey(
        DonneurOrdre, on_delete=models.CASCADE, related_name="conventions"
    )
    objet = models.CharField(max_length=300)
    date_signature = models.DateField("signée le")
    date_fin = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "convention d'accompagnement"
        verbose_name_plural = "conventions d'accompagnement"
        ordering = ["-date_signature"]

    def __str__(self) -> str:
        return f"Convention avec {self.donneur_ordre} ({self.date_signature:%d/%m/%Y})"


class Reunion(models.Model):
    class Type(models.TextChoices):
        REUNION_CHANTIER = "reunion_chantier", "Réunion de chantier"
        VISITE = "visite", "Visite de chantier"
        AUTRE = "autre", "Autre rendez-vous"

    marche = models.ForeignKey(
        Marche, on_delete=models.CASCADE, null=True, blank=True, related_name="reunions"
    )
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.REUNION_CHANTIER)
    date = models.DateField()
    compte_rendu = models.TextField("compte rendu", blank=True)

    class Meta:
        verbose_name = "réunion ou visite"
        verbose_name_plural = "réunions et visites"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


class DemandeAccompagnement(models.Model):
    """A request for support received by the facilitator from a buyer (seed 004: « les
    demandes d'accompagnement par la facilitatrice augmentent »), whatever its outcome."""

    class Nature(models.TextChoices):
        # The turnkey support of seed 004, step by step.
        FAISABILITE = "faisabilite", "Étude de la faisabilité de la clause"
        CALIBRAGE = "calibrage", "Calibrage et rédaction des pièces du marché"
        CONSEIL = "conseil", "Conseil aux entreprises attributaires"
        SUIVI = "suivi", "Suivi de l'exécution"
        BILAN = "bilan", "Réalisation du bilan"
        AUTRE = "autre", "Autre demande"

    class Suite(models.TextChoices):
        A_TRAITER = "a_traiter", "À traiter"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement en cours ou réalisé"
        CONVENTION = "convention", "Convention d'accompagnement proposée ou signée"
        REORIENTEE = "reorientee", "Réorientée vers un autre service"
        SANS_SUITE = "sans_suite", "Sans suite"

    donneur_ordre = models.ForeignKey(
        DonneurOrdre,
        on_delete=models.CASCADE,
        related_name="demandes_accompagnement",
        verbose_name="acheteur",
    )
    date_reception = models.DateField("reçue le")
    nature = models.CharField(max_length=20, choices=Nature.choices, default=Nature.FAISABILITE)
    objet = models.CharField(max_length=300)
    suite = models.CharField(
        "suite donnée", max_length=20, choices=Suite.choices, default=Suite.A_TRAITER
    )
    suite_precisions = models.TextField("précisions sur la suite donnée", blank=True)

    class Meta:
        verbose_name = "demande d'accompagnement"
        verbose_name_plural = "demandes d'accompagnement"
        ordering = ["-date_reception", "-pk"]
        indexes = [models.Index(fields=["date_reception"])]

    def __str__(self) -> str:
        return f"Demande de {self.donneur_ordre} ({self.date_reception:%d/%m/%Y})"
