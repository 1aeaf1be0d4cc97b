"""A call (AMI or appel à projets): window, eligibility, questions, weighted grid, jury."""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition

from territoires.aides.models import Dispositif
from territoires.aides.models.common import StatutReloadMixin
from territoires.comptes.models import Organisation
from territoires.core.workflow import condition

#: Kinds of organisations a call may admit (`Appel.types_candidats`).
TYPES_CANDIDATS = [
    (Organisation.Type.ASSOCIATION.value, "Associations (numéro RNA)"),
    (Organisation.Type.ENTREPRISE.value, "Entreprises (numéro SIRET)"),
    (Organisation.Type.COLLECTIF.value, "Collectifs d'habitants"),
    (Organisation.Type.COMMUNE.value, "Communes"),
]

#: Fields of an aid dossier an answer may fill when a selected candidature becomes one.
CHAMPS_DOSSIER = [
    ("description", "Description du projet"),
    ("cout_ht", "Coût HT du projet"),
    ("montant_demande", "Subvention demandée"),
]


def validate_fuseau(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            "« %(value)s » n'est pas un fuseau horaire connu (ex. Europe/Paris).",
            params={"value": value},
        ) from exc


def _default_fuseau() -> str:
    return settings.TIME_ZONE


@condition("L'appel se clôt une fois sa date limite passée.")
def date_limite_passee(appel) -> bool:
    return timezone.now() >= appel.date_limite


class Appel(StatutReloadMixin, models.Model):
    class Type(models.TextChoices):
        AMI = "ami", "Appel à manifestation d'intérêt"
        AAP = "aap", "Appel à projets"

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "En préparation"
        PUBLIE = "publie", "Publié"
        CLOS = "clos", "Clos (sélection faite)"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="service porteur",
        on_delete=models.PROTECT,
        related_name="appels",
    )
    type = models.CharField(max_length=3, choices=Type.choices, default=Type.AMI)
    titre = models.CharField(max_length=200)
    resume = models.CharField("résumé", max_length=300, blank=True)
    texte = models.TextField("texte de l'appel")
    ouverture = models.DateTimeField("ouverture des candidatures")
    date_limite = models.DateTimeField("date limite de dépôt")
    fuseau = models.CharField(
        "fuseau horaire de la date limite",
        max_length=64,
        default=_default_fuseau,
        validators=[validate_fuseau],
    )
    types_candidats = models.JSONField(
        "candidats admis", default=list, help_text="Types d'organisations qui peuvent candidater."
    )
    note_max = models.PositiveSmallIntegerField(
        "note maximale d'un critère",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    dispositif = models.ForeignKey(
        Dispositif,
        verbose_name="dispositif d'aide des candidatures retenues",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appels",
    )
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="membres du jury",
        blank=True,
        related_name="jurys_appels",
    )
    contact = models.CharField(max_length=255, blank=True)
    statut = FSMField(
        max_length=10, choices=Statut.choices, default=Statut.BROUILLON, protected=True
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date_limite", "pk"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("appels:appel", args=[self.pk])

    @property
    def journal_organisation(self) -> Organisation:
        return self.organisation

    def clean(self) -> None:
        errors = {}
        if self.ouverture and self.date_limite and self.date_limite <= self.ouverture:
            errors["date_limite"] = "La date limite doit suivre l'ouverture."
        admis = {value for value, _ in TYPES_CANDIDATS}
        if not self.types_candidats or not set(self.types_candidats) <= admis:
            errors["types_candidats"] = "Choisissez au moins un type de candidat parmi la liste."
        if errors:
            raise ValidationError(errors)

    # --- The window, read in the call's own time zone ---------------------------------------

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.fuseau)

    @property
    def fuseau_label(self) -> str:
        """« heure de Paris », « heure de Cayenne »: the city of the time zone's name."""
        return "heure de " + self.fuseau.rsplit("/", 1)[-1].replace("_", " ")

    def date_limite_locale(self) -> datetime.datetime:
        return self.date_limite.astimezone(self.tz)

    def est_ouvert(self, when: datetime.datetime | None = None) -> bool:
        when = when or timezone.now()
        return self.statut == self.Statut.PUBLIE and self.ouverture <= when < self.date_limite

    def admet(self, organisation: Organisation) -> bool:
        return organisation.type in self.types_candidats

    def types_candidats_labels(self) -> list[str]:
        labels = dict(TYPES_CANDIDATS)
        return [labels[t] for t in self.types_candidats if t in labels]

    def poids_total(self) -> int:
        return sum(c.poids for c in self.criteres.all())

    @property
    def note_max_decimal(self) -> Decimal:
        return Decimal(self.note_max)

    # --- Transitions ---------------------------------------------------------------------------

    @transition(
        field=statut,
        source=Statut.BROUILLON,
        target=Statut.PUBLIE,
        custom={"label": "Publier l'appel"},
    )
    def publier(self):
        pass

    @transition(
        field=statut,
        source=Statut.PUBLIE,
        target=Statut.CLOS,
        conditions=[date_limite_passee],
        custom={"label": "Clore l'appel"},
    )
    def clore(self):
        pass


class Question(models.Model):
    """A question of the candidature form, defined by the service."""

    class Type(models.TextChoices):
        TEXTE = "texte", "Texte"
        CHOIX = "choix", "Choix dans une liste"
        MONTANT = "montant", "Montant en euros"
        DOCUMENT = "document", "Document à joindre"

    appel = models.ForeignKey(Appel, on_delete=models.CASCADE, related_name="questions")
    ordre = models.PositiveSmallIntegerField(default=0)
    libelle = models.CharField("libellé", max_length=255)
    aide = models.CharField("aide à la saisie", max_length=300, blank=True)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.TEXTE)
    choix = models.TextField("choix possibles", blank=True, help_text="Un choix par ligne.")
    obligatoire = models.BooleanField(default=True)
    champ_dossier = models.CharField(
        "reprise dans le dossier d'aide",
        max_length=20,
        blank=True,
        choices=CHAMPS_DOSSIER,
        help_text="La réponse remplit ce champ du dossier d'aide d'une candidature retenue.",
    )

    class Meta:
        ordering = ["appel", "ordre", "pk"]

    def __str__(self) -> str:
        return self.libelle

    def choix_liste(self) -> list[str]:
        return [line.strip() for line in self.choix.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.type == self.Type.CHOIX and len(self.choix_liste()) < 2:
            raise ValidationError({"choix": "Une question à choix propose au moins deux choix."})


class Critere(models.Model):
    """A criterion of the weighted grid: each jury member scores it from 0 to `note_max`."""

    appel = models.ForeignKey(Appel, on_delete=models.CASCADE, related_name="criteres")
    ordre = models.PositiveSmallIntegerField(default=0)
    libelle = models.CharField("libellé", max_length=255)
    poids = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["appel", "ordre", "pk"]

    def __str__(self) -> str:
        return f"{self.libelle} (poids {self.poids})"
