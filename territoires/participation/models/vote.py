"""Secret vote: register of voters and ballot box without a link, voting codes, counters.

The register of voters (`Votant`) and the ballot box (`Bulletin`) have no link: no foreign
key, no shared id, no fine timestamp (see docs/adr/0008-budget-participatif.md).
"""

import uuid

from django.db import models

from .campagnes import Campagne, EnveloppeCampagne


class Canal(models.TextChoices):
    EN_LIGNE = "en_ligne", "En ligne"
    PAPIER = "papier", "Sur papier"


class Votant(models.Model):
    """Register of voters: who voted, never for what.

    `empreinte` is an HMAC (key out of the database) of the normalised identity (declared or
    certified by FranceConnect) or of the voting code: the same person gets the same
    fingerprint whichever the channel.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="votants")
    empreinte = models.CharField(max_length=64)
    canal = models.CharField(max_length=10, choices=Canal.choices)
    # For the public participation figures; the date only, never the time.
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
    """A ballot in the box: random id, the day only, no trace of the voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enveloppe = models.ForeignKey(
        EnveloppeCampagne, on_delete=models.CASCADE, related_name="bulletins"
    )
    jour = models.DateField()
    # Ids (pk) of the approved projets, sorted.
    choix = models.JSONField()

    def __str__(self) -> str:
        return str(self.id)


class GroupeBulletins(models.Model):
    """Identical ballots of an enveloppe counted together: the form the count reads back.

    One row per distinct ballot, with how many were cast: reading the box for the count is
    a few thousand short rows instead of one JSON document per ballot. Built when counting,
    never on the vote path (ADR 0011); the `Bulletin` rows stay the source of truth (audit,
    exports, shuffle), and the groups are rebuilt from them whenever their totals differ
    (`services/bulletins_compacts.py`). No more than the box: no day, no id.
    """

    enveloppe = models.ForeignKey(
        EnveloppeCampagne, on_delete=models.CASCADE, related_name="groupes_bulletins"
    )
    # Pks of the approved projets, sorted, separated by commas: « 12,15,18 ».
    choix = models.TextField()
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enveloppe", "choix"], name="groupe_bulletins_unique")
        ]

    def __str__(self) -> str:
        return f"{self.choix} × {self.nombre}"


class CodeVote(models.Model):
    """A single-use voting code (paper, youth): only a salted hash is kept."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="codes")
    lot = models.PositiveIntegerField()
    # The first 4 characters find the row; the rest is only hashed.
    repere = models.CharField(max_length=4, db_index=True)
    sel = models.CharField(max_length=32)
    condense = models.CharField(max_length=64)
    jeunes = models.BooleanField("réservé au vote des jeunes", default=False)
    utilise = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.repere)


class Participation(models.Model):
    """Public counters of a campaign without register (imported from a pabulib file).

    The vote writes none (ADR 0011): a campaign with a register has its counters (commune,
    age band, channel) counted from it when read (`participation/compteurs.py`).
    """

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
