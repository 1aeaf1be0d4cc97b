"""Vote secret : registre des votants et urne sans lien, codes de vote, compteurs publics.

Le registre des votants (`Votant`) et l'urne (`Bulletin`) n'ont aucun lien : ni clé
étrangère, ni identifiant commun, ni horodatage fin (voir docs/adr/0008-budget-participatif.md).
"""

import uuid

from django.db import models

from .campagnes import Campagne, EnveloppeCampagne


class Canal(models.TextChoices):
    EN_LIGNE = "en_ligne", "En ligne"
    PAPIER = "papier", "Sur papier"


class Votant(models.Model):
    """Registre des votants : qui a voté, jamais pour quoi.

    `empreinte` est un HMAC (clé hors base) de l'identité normalisée, du `sub` FranceConnect
    ou du code de vote : la même personne retrouve la même empreinte quel que soit le canal.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="votants")
    empreinte = models.CharField(max_length=64)
    canal = models.CharField(max_length=10, choices=Canal.choices)
    # Pour les chiffres publics de participation ; la date seule, jamais l'heure.
    jour = models.DateField()
    tranche_age = models.CharField(max_length=10, blank=True)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campagne", "empreinte"], name="votant_unique")
        ]

    def __str__(self) -> str:
        return str(self.empreinte)


class Bulletin(models.Model):
    """Un bulletin dans l'urne : identifiant aléatoire, jour seulement, aucune trace du votant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enveloppe = models.ForeignKey(
        EnveloppeCampagne, on_delete=models.CASCADE, related_name="bulletins"
    )
    jour = models.DateField()
    # Identifiants (pk) des projets approuvés, triés.
    choix = models.JSONField()

    def __str__(self) -> str:
        return str(self.id)


class CodeVote(models.Model):
    """Code de vote à usage unique (papier, jeunes) : seul un condensé salé est gardé."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="codes")
    lot = models.PositiveIntegerField()
    # Les 4 premiers caractères servent à retrouver la ligne ; le reste n'est que condensé.
    repere = models.CharField(max_length=4, db_index=True)
    sel = models.CharField(max_length=32)
    condense = models.CharField(max_length=64)
    jeunes = models.BooleanField("réservé au vote des jeunes", default=False)
    utilise = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.repere)


class Participation(models.Model):
    """Compteurs publics tenus à jour à chaque vote (commune, tranche d'âge, canal)."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "Total"
        COMMUNE = "commune", "Commune"
        AGE = "age", "Tranche d'âge"
        CANAL = "canal", "Canal"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    valeur = models.CharField(max_length=20)
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "dimension", "valeur"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.valeur)
