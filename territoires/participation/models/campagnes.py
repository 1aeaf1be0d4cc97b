"""Campagnes and their enveloppes: six-step calendar, rules frozen when the vote opens."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from ..formats import euros


class Phase(models.TextChoices):
    PREPARATION = "preparation", "Délibération et préparation"
    IDEES = "idees", "Appel à idées"
    ANALYSE = "analyse", "Analyse avec les services"
    VOTE = "vote", "Campagne et vote"
    REALISATION = "realisation", "Réalisation"
    EVALUATION = "evaluation", "Évaluation"


class Methode(models.TextChoices):
    GREEDY = "greedy", "Par nombre de voix (glouton)"
    MES = "mes", "Parts égales"
    MES_ADD1 = "mes-add1", "Parts égales avec relèvement et complétion"


class Departage(models.TextChoices):
    LEXICOGRAPHIQUE = "lexicographique", "Ordre des numéros de projet"
    COUT_MIN = "cout_min", "Le projet le moins cher"
    COUT_MAX = "cout_max", "Le projet le plus cher"
    VOIX = "voix", "Le projet qui a le plus de voix"


class FormeBulletin(models.TextChoices):
    NOMBRE = "nombre", "Un nombre de projets au plus"
    BUDGET = "budget", "Dans la limite du budget de l'enveloppe"


class RegleFigee(ValidationError):
    pass


MESSAGE_FIGE = (
    "Le vote est ouvert : les règles de la campagne sont figées et ne peuvent plus changer."
)


class Campagne(models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    titre = models.CharField(max_length=200)
    budget_total = models.DecimalField("budget total (€)", max_digits=14, decimal_places=2)
    reglement = models.TextField("règlement", blank=True)
    # The six steps (seed 002): deliberation, idées, assessment, vote, works, evaluation.
    deliberation_le = models.DateField("délibération du conseil départemental")
    idees_debut = models.DateField("début de l'appel à idées")
    idees_fin = models.DateField("fin de l'appel à idées")
    analyse_fin = models.DateField("fin de l'analyse par les services")
    vote_debut = models.DateField("ouverture du vote")
    vote_fin = models.DateField("clôture du vote")
    realisation_debut = models.DateField("début des réalisations")
    evaluation_le = models.DateField("évaluation publique")
    methode = models.CharField(
        "méthode de dépouillement", max_length=10, choices=Methode.choices, default=Methode.MES_ADD1
    )
    departage = models.CharField(
        "départage des égalités",
        max_length=20,
        choices=Departage.choices,
        default=Departage.LEXICOGRAPHIQUE,
    )
    # Original pabulib file (import): metadata given back on export.
    meta_pabulib = models.JSONField(default=dict, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    CHAMPS_REGLES = (
        "budget_total",
        "reglement",
        "vote_debut",
        "vote_fin",
        "methode",
        "departage",
    )

    class Meta:
        ordering = ["-vote_debut"]

    def __str__(self) -> str:
        return self.titre

    def phase_le(self, jour: datetime.date) -> str:
        if jour < self.idees_debut:
            return Phase.PREPARATION
        if jour <= self.idees_fin:
            return Phase.IDEES
        if jour < self.vote_debut:
            return Phase.ANALYSE
        if jour <= self.vote_fin:
            return Phase.VOTE
        if jour < self.evaluation_le:
            return Phase.REALISATION
        return Phase.EVALUATION

    @property
    def phase(self) -> str:
        return self.phase_le(timezone.localdate())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def etapes(self) -> list[dict]:
        courante = self.phase
        dates = {
            Phase.PREPARATION: self.deliberation_le,
            Phase.IDEES: self.idees_debut,
            Phase.ANALYSE: self.idees_fin,
            Phase.VOTE: self.vote_debut,
            Phase.REALISATION: self.realisation_debut,
            Phase.EVALUATION: self.evaluation_le,
        }
        return [
            {"code": p.value, "libelle": p.label, "date": dates[p], "courante": p == courante}
            for p in Phase
        ]

    @property
    def figee(self) -> bool:
        """Rules frozen from the opening of the vote."""
        return timezone.localdate() >= self.vote_debut

    @property
    def vote_ouvert(self) -> bool:
        return self.phase == Phase.VOTE

    @property
    def urne_publiee(self) -> bool:
        """The ballot box is published (anyone can count again) once the vote is closed."""
        return timezone.localdate() > self.vote_fin

    def clean(self):
        # The same refusal as save(), but as a form message (administration).
        ancienne = Campagne.objects.filter(pk=self.pk).first() if self.pk else None
        if ancienne is not None and ancienne.figee:
            if any(getattr(ancienne, c) != getattr(self, c) for c in self.CHAMPS_REGLES):
                raise ValidationError(MESSAGE_FIGE)

    def save(self, *args, **kwargs):  # noqa: DJ012
        if self.pk:
            ancienne = Campagne.objects.filter(pk=self.pk).first()
            if ancienne is not None and ancienne.figee:
                if any(getattr(ancienne, c) != getattr(self, c) for c in self.CHAMPS_REGLES):
                    raise RegleFigee(MESSAGE_FIGE)
        super().save(*args, **kwargs)


class EnveloppeCampagne(models.Model):
    class Type(models.TextChoices):
        GENERALE = "generale", "Générale"
        JEUNES = "jeunes", "Réservée aux jeunes"
        TRANCHE = "tranche", "Par tranche de coût"
        CANTON = "canton", "Par canton"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="enveloppes")
    nom = models.CharField(max_length=120)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.GENERALE)
    budget = models.DecimalField("budget (€)", max_digits=14, decimal_places=2)
    cout_min = models.DecimalField(
        "coût minimal d'un projet (€)", max_digits=12, decimal_places=2, default=0
    )
    cout_max = models.DecimalField(
        "coût maximal d'un projet (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Enveloppe by canton: projets located in its communes, voters who live there.
    canton = models.ForeignKey(
        "referentiel.Canton",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Pour une enveloppe par canton (cantons importés du COG de l'INSEE).",
    )
    age_min_proposer = models.PositiveSmallIntegerField("âge minimal pour proposer", default=11)
    age_max_proposer = models.PositiveSmallIntegerField(
        "âge maximal pour proposer", null=True, blank=True
    )
    age_min_vote = models.PositiveSmallIntegerField("âge minimal pour voter", default=11)
    age_max_vote = models.PositiveSmallIntegerField("âge maximal pour voter", null=True, blank=True)
    residence_requise = models.BooleanField("résidence dans le Département exigée", default=True)
    choix_min = models.PositiveSmallIntegerField("nombre minimal de choix", default=1)
    choix_max = models.PositiveSmallIntegerField("nombre maximal de choix", default=3)
    # The rule of the ballot (pabulib `max_length` or `max_sum_cost`), as Decidim offers it.
    forme_bulletin = models.CharField(
        "forme du bulletin",
        max_length=10,
        choices=FormeBulletin.choices,
        default=FormeBulletin.NOMBRE,
        help_text=(
            "Dans la limite du budget, le coût total des projets choisis ne dépasse pas le "
            "budget de l'enveloppe ; le nombre maximal de choix reste une borne."
        ),
    )
    part_min_budget = models.PositiveSmallIntegerField(
        "part minimale du budget à choisir (%)",
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Vote dans la limite du budget : 0 pour aucune part minimale.",
    )

    class Meta:
        ordering = ["campagne", "pk"]
        verbose_name = "enveloppe"
        verbose_name_plural = "enveloppes"

    def __str__(self) -> str:
        return f"{self.nom} ({self.campagne})"

    def clean(self):
        if self.choix_min < 1 or self.choix_max < self.choix_min:
            raise ValidationError(
                "Le nombre de choix doit aller d'au moins 1 à un maximum ≥ minimum."
            )
        campagne = Campagne.objects.filter(pk=self.campagne_id).first()
        if campagne is not None and campagne.figee and self._modifiee():
            raise ValidationError(MESSAGE_FIGE)
        if self.part_min_budget and self.forme_bulletin != FormeBulletin.BUDGET:
            raise ValidationError(
                {
                    "part_min_budget": "Une part minimale du budget ne vaut que pour un vote "
                    "dans la limite du budget."
                }
            )
        if (self.type == self.Type.CANTON) != (self.canton_id is not None):
            raise ValidationError(
                {"canton": "Une enveloppe par canton, et elle seule, désigne son canton."}
            )

    def _modifiee(self) -> bool:
        ancienne = EnveloppeCampagne.objects.filter(pk=self.pk).first() if self.pk else None
        if ancienne is None:
            return True
        return any(
            getattr(ancienne, f.attname) != getattr(self, f.attname) for f in self._meta.fields
        )

    @property
    def par_budget(self) -> bool:
        return self.forme_bulletin == FormeBulletin.BUDGET

    @property
    def budget_minimal(self):
        """The least total cost a non-empty ballot must reach (0 without a minimal share)."""
        return self.budget * self.part_min_budget / 100 if self.par_budget else 0

    def budget_erreur(self, total) -> str:
        """What a non-empty ballot costing `total` breaks of a vote within the budget, in a
        sentence; "" when it suits (always for a vote by number). The meter of the ballot and
        the recording both ask here."""
        if not self.par_budget:
            return ""
        if total > self.budget:
            return (
                f"« {self.nom} » : vos projets coûtent {euros(total)}, au-delà du budget de "
                f"{euros(self.budget)} ; retirez-en pour {euros(total - self.budget)} au moins."
            )
        if total < self.budget_minimal:
            return (
                f"« {self.nom} » : choisissez des projets pour au moins "
                f"{euros(self.budget_minimal)} ({self.part_min_budget} % du budget), ou aucun ; "
                f"il manque {euros(self.budget_minimal - total)}."
            )
        return ""

    @property
    def regle_bulletin(self) -> str:
        """« de 1 à 3 projets » or « dans la limite de 100 000 € (10 projets au plus) »."""
        if not self.par_budget:
            pluriel = "s" if self.choix_max > 1 else ""
            return f"de {self.choix_min} à {self.choix_max} projet{pluriel}"
        minimum = (
            f", au moins {euros(self.budget_minimal)} ({self.part_min_budget} %)"
            if self.part_min_budget
            else ""
        )
        return (
            f"dans la limite de {euros(self.budget)}{minimum}, "
            f"{self.choix_max} projet{'s' if self.choix_max > 1 else ''} au plus"
        )

    def commune_dans_canton(self, commune) -> bool:
        """True outside an enveloppe by canton; otherwise, is the commune in this canton?"""
        if self.canton_id is None:
            return True
        return commune is not None and self.canton.communes.filter(pk=commune.pk).exists()

    def save(self, *args, **kwargs):  # noqa: DJ012
        campagne = Campagne.objects.filter(pk=self.campagne_id).first()
        # `_import`: created by the pabulib import (campaign already voted); for one save only.
        hors_regles = self.__dict__.pop("_import", False)
        if campagne is not None and campagne.figee and not hors_regles:
            raise RegleFigee(MESSAGE_FIGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.campagne.figee:
            raise RegleFigee(MESSAGE_FIGE)
        return super().delete(*args, **kwargs)

    def age_permis(self, age: int | None, *, pour: str) -> bool:
        mini, maxi = (
            (self.age_min_vote, self.age_max_vote)
            if pour == "vote"
            else (self.age_min_proposer, self.age_max_proposer)
        )
        if age is None:
            return False
        return age >= mini and (maxi is None or age <= maxi)

    def cout_permis(self, cout) -> bool:
        return cout >= self.cout_min and (self.cout_max is None or cout <= self.cout_max)


def age_le(naissance: datetime.date, jour: datetime.date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))
