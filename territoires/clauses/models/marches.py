"""Buyers (donneurs d'ordre), their operations, marchés and lots."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, transition

from territoires.comptes.models import Organisation, validate_siret
from territoires.referentiel.models import Commune


class DonneurOrdre(models.Model):
    class Categorie(models.TextChoices):
        ETAT = "etat", "État"
        REGION = "region", "Région"
        DEPARTEMENT = "departement", "Département"
        EPCI = "epci", "Intercommunalité (EPCI)"
        COMMUNE = "commune", "Commune"
        BAILLEUR = "bailleur", "Bailleur social"
        SANTE = "sante", "Établissement de santé ou médico-social"
        AUTRE = "autre", "Autre"

    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    nom = models.CharField(max_length=200)
    categorie = models.CharField("catégorie", max_length=12, choices=Categorie.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donneurs_ordre",
        help_text="Le compte de l'acheteur sur la plateforme : ses membres voient ses marchés.",
    )
    suivi = models.BooleanField(
        "suivi par la facilitatrice",
        default=True,
        help_text="Les marchés de la DECP sont pré-remplis pour les donneurs d'ordre suivis.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "donneur d'ordre"
        verbose_name_plural = "donneurs d'ordre"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Operation(models.Model):
    """A chantier: one operation of a buyer, with one or several marchés."""

    donneur_ordre = models.ForeignKey(
        DonneurOrdre, on_delete=models.CASCADE, related_name="operations"
    )
    nom = models.CharField(max_length=200)
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "opération"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["donneur_ordre", "nom"], name="operation_unique_nom")
        ]

    def __str__(self) -> str:
        return self.nom


class Marche(models.Model):
    """A marché with a social clause, followed by the facilitator step by step.

    Its state is `statut`, shown « étape » on screen: the facilitator's steps, in order.
    """

    class Statut(models.TextChoices):
        """The facilitator's steps on a marché, in order (seed 004)."""

        FAISABILITE = "faisabilite", "Étude de faisabilité"
        CALIBRAGE = "calibrage", "Calibrage des heures"
        REDACTION = "redaction", "Rédaction de la clause dans les pièces du marché"
        CONSEIL = "conseil", "Conseil aux entreprises attributaires"
        EXECUTION = "execution", "Suivi de l'exécution"
        BILAN = "bilan", "Bilan final"

    donneur_ordre = models.ForeignKey(
        DonneurOrdre, on_delete=models.PROTECT, related_name="marches"
    )
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="marches"
    )
    reference = models.CharField("référence", max_length=60)
    objet = models.CharField(max_length=500)
    date_notification = models.DateField("date de notification", null=True, blank=True)
    duree_mois = models.PositiveSmallIntegerField(
        "durée d'exécution (mois)",
        null=True,
        blank=True,
        help_text="Sert au calendrier des heures attendues (alertes de retard).",
    )
    montant = models.DecimalField(
        "montant HT (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    cpv = models.CharField("code CPV", max_length=20, blank=True)
    # Environmental considerations beside the social one (DECP considerationsEnvironnementales).
    clause_environnementale = models.BooleanField(
        "clause environnementale",
        default=False,
        help_text="Une condition d'exécution environnementale (DECP « Clause environnementale »).",
    )
    critere_environnemental = models.BooleanField(
        "critère environnemental",
        default=False,
        help_text="Un critère d'attribution environnemental (DECP « Critère environnemental »).",
    )
    decp_uid = models.CharField("identifiant DECP", max_length=40, blank=True, db_index=True)
    statut = FSMField("étape", default=Statut.FAISABILITE, choices=Statut.choices, protected=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "marché"
        ordering = ["-date_notification", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["donneur_ordre", "reference"], name="marche_unique_reference"
            )
        ]
        indexes = [models.Index(fields=["date_notification"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.objet}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:marche", args=[self.pk])

    @property
    def date_fin_prevue(self) -> datetime.date | None:
        if not (self.date_notification and self.duree_mois):
            return None
        return ajouter_mois(self.date_notification, self.duree_mois)

    # Steps: each one is a logged transition (core.workflow.transition_apply).
    @transition(
        field=statut,
        source=Statut.FAISABILITE,
        target=Statut.CALIBRAGE,
        permission="clauses.manage",
        custom={"label": "Passer au calibrage des heures"},
    )
    def vers_calibrage(self):
        pass

    @transition(
        field=statut,
        source=Statut.CALIBRAGE,
        target=Statut.REDACTION,
        permission="clauses.manage",
        custom={"label": "Passer à la rédaction de la clause"},
    )
    def vers_redaction(self):
        pass

    @transition(
        field=statut,
        source=Statut.REDACTION,
        target=Statut.CONSEIL,
        permission="clauses.manage",
        custom={"label": "Passer au conseil aux entreprises"},
    )
    def vers_conseil(self):
        pass

    @transition(
        field=statut,
        source=Statut.CONSEIL,
        target=Statut.EXECUTION,
        permission="clauses.manage",
        custom={"label": "Passer au suivi de l'exécution"},
    )
    def vers_execution(self):
        pass

    @transition(
        field=statut,
        source=Statut.EXECUTION,
        target=Statut.BILAN,
        permission="clauses.manage",
        custom={"label": "Clore par le bilan final"},
    )
    def vers_bilan(self):
        pass


def ajouter_mois(date: datetime.date, mois: int) -> datetime.date:
    index = date.month - 1 + mois
    annee, mois0 = divmod(index, 12)
    return datetime.date(date.year + annee, mois0 + 1, 1)


class Lot(models.Model):
    class TypeClause(models.TextChoices):
        EXECUTION = "execution", "Condition d'exécution"
        ATTRIBUTION = "attribution", "Critère d'attribution"
        RESERVE = "reserve", "Marché réservé"
        INSERTION = "insertion", "Marché d'insertion"

    marche = models.ForeignKey(Marche, on_delete=models.CASCADE, related_name="lots")
    numero = models.CharField("lot", max_length=20)
    intitule = models.CharField("intitulé", max_length=300, blank=True)
    type_clause = models.CharField(
        "type de clause", max_length=12, choices=TypeClause.choices, default=TypeClause.EXECUTION
    )
    heures_prescrites = models.DecimalField(
        "heures prescrites", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # How the hours were computed (the calculator): amount × labour share × rate ÷ hourly cost.
    calcul_montant = models.DecimalField(
        "montant des travaux HT (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    calcul_part_main_oeuvre_pct = models.DecimalField(
        "part de main-d'œuvre (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    calcul_taux_insertion_pct = models.DecimalField(
        "taux d'insertion (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    calcul_cout_horaire = models.DecimalField(
        "coût horaire (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    entreprises = models.ManyToManyField(
        "Entreprise", through="Attribution", related_name="lots", blank=True
    )

    class Meta:
        verbose_name = "lot"
        ordering = ["marche", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["marche", "numero"], name="lot_unique_numero")
        ]

    def __str__(self) -> str:
        return f"{self.marche.reference} lot {self.numero}"

    def heures_calculees(self) -> Decimal | None:
        return heures_calculateur(
            montant=self.calcul_montant,
            part_main_oeuvre_pct=self.calcul_part_main_oeuvre_pct,
            taux_insertion_pct=self.calcul_taux_insertion_pct,
            cout_horaire=self.calcul_cout_horaire,
        )


def heures_calculateur(
    *,
    montant: Decimal | None,
    part_main_oeuvre_pct: Decimal | None,
    taux_insertion_pct: Decimal | None,
    cout_horaire: Decimal | None,
) -> Decimal | None:
    """Montant × part de main-d'œuvre × taux d'insertion ÷ coût horaire, à l'heure près.

    1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833 h.
    """
    if (
        None in (montant, part_main_oeuvre_pct, taux_insertion_pct, cout_horaire)
        or not cout_horaire
    ):
        return None
    heures = (
        Decimal(montant)
        * Decimal(part_main_oeuvre_pct)
        / 100
        * Decimal(taux_insertion_pct)
        / 100
        / Decimal(cout_horaire)
    )
    return heures.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
