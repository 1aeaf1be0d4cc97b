"""Clauses sociales : donneurs d'ordre, opérations, marchés, lots, entreprises, participants,
contrats de travail, heures d'insertion mensuelles et activité de la facilitatrice.

Participants are pseudonymous (the facilitator's own identifier); their data are anonymised
a configurable time after their last hours (`services.participants_anonymiser`) while the
fields the yearly report reads (sex, criteria, residence in the Département) stay.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, transition

from territoires.comptes.models import Organisation, validate_siret
from territoires.referentiel.models import Commune


class Configuration(models.Model):
    """Instance settings of the module (one row, editable in the administration)."""

    base_etp = models.DecimalField(
        "base d'un ETP (heures par an)",
        max_digits=6,
        decimal_places=1,
        default=Decimal("1820"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text="1 820 h = 35 h × 52 semaines ; imprimée sur chaque bilan.",
    )
    delai_anonymisation_annees = models.PositiveSmallIntegerField(
        "délai d'anonymisation (années après les dernières heures)", default=5
    )
    seuil_secret_statistique = models.PositiveSmallIntegerField(
        "seuil du secret statistique",
        default=5,
        help_text="Les effectifs publiés inférieurs à ce seuil sont masqués.",
    )
    anonymisation_derniere = models.DateField(
        "dernière anonymisation automatique",
        null=True,
        blank=True,
        editable=False,
        help_text="Le passage quotidien n'est lancé qu'une fois par jour.",
    )
    taux_alerte_retard_pct = models.PositiveSmallIntegerField(
        "alerte de retard (% des heures attendues à date)",
        default=80,
        help_text="Un lot est en retard quand ses heures réalisées sont sous ce pourcentage "
        "des heures attendues au prorata du temps écoulé.",
    )

    class Meta:
        verbose_name = "configuration des clauses sociales"
        verbose_name_plural = "configuration des clauses sociales"

    def __str__(self) -> str:
        return "Configuration des clauses sociales"

    @classmethod
    def courante(cls) -> "Configuration":
        return cls.objects.order_by("pk").first() or cls.objects.create()


class Critere(models.Model):
    """An eligibility criterion (référentiel, seeded by migration)."""

    code = models.CharField(max_length=20, unique=True)
    libelle = models.CharField("libellé", max_length=120)
    ordre = models.PositiveSmallIntegerField(default=0)
    donnee_sante = models.BooleanField(
        "donnée de santé (RGPD art. 9)", default=False, help_text="Par exemple TH (RQTH)."
    )

    class Meta:
        verbose_name = "critère d'éligibilité"
        verbose_name_plural = "critères d'éligibilité"
        ordering = ["ordre", "code"]

    def __str__(self) -> str:
        return self.libelle


#: The référentiel created by migration 0002 (kept here to restore it, e.g. after a flush).
CRITERES_REFERENTIEL = [
    ("DELD", "Demandeurs d'emploi de longue durée", False),
    ("SENIOR", "Seniors (plus de 50 ans)", False),
    ("QPV", "Habitants d'un quartier prioritaire de la ville", False),
    ("MINIMA", "Bénéficiaires de minima sociaux", False),
    ("JEUNE", "Jeunes de moins de 26 ans", False),
    ("TH", "Travailleurs handicapés", True),
    ("PASS_IAE", "Titulaires d'un pass IAE", False),
    ("AUTRE", "Autre public validé par la facilitatrice", False),
]


def criteres_assurer() -> None:
    """Create the criteria of the référentiel that are missing (never changes existing ones)."""
    existants = set(Critere.objects.values_list("code", flat=True))
    Critere.objects.bulk_create(
        Critere(code=code, libelle=libelle, ordre=ordre, donnee_sante=sante)
        for ordre, (code, libelle, sante) in enumerate(CRITERES_REFERENTIEL, start=1)
        if code not in existants
    )


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


class Etape(models.TextChoices):
    """The facilitator's steps on a marché, in order (seed 004)."""

    FAISABILITE = "faisabilite", "Étude de faisabilité"
    CALIBRAGE = "calibrage", "Calibrage des heures"
    REDACTION = "redaction", "Rédaction de la clause dans les pièces du marché"
    CONSEIL = "conseil", "Conseil aux entreprises attributaires"
    EXECUTION = "execution", "Suivi de l'exécution"
    BILAN = "bilan", "Bilan final"


ETAPES_ORDRE = list(Etape.values)


class Marche(models.Model):
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
    decp_uid = models.CharField("identifiant DECP", max_length=40, blank=True, db_index=True)
    etape = FSMField("étape", default=Etape.FAISABILITE, choices=Etape.choices, protected=True)
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
        field=etape,
        source=Etape.FAISABILITE,
        target=Etape.CALIBRAGE,
        permission="clauses.manage",
        custom={"label": "Passer au calibrage des heures"},
    )
    def vers_calibrage(self):
        pass

    @transition(
        field=etape,
        source=Etape.CALIBRAGE,
        target=Etape.REDACTION,
        permission="clauses.manage",
        custom={"label": "Passer à la rédaction de la clause"},
    )
    def vers_redaction(self):
        pass

    @transition(
        field=etape,
        source=Etape.REDACTION,
        target=Etape.CONSEIL,
        permission="clauses.manage",
        custom={"label": "Passer au conseil aux entreprises"},
    )
    def vers_conseil(self):
        pass

    @transition(
        field=etape,
        source=Etape.CONSEIL,
        target=Etape.EXECUTION,
        permission="clauses.manage",
        custom={"label": "Passer au suivi de l'exécution"},
    )
    def vers_execution(self):
        pass

    @transition(
        field=etape,
        source=Etape.EXECUTION,
        target=Etape.BILAN,
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


class Entreprise(models.Model):
    class TypeEmployeur(models.TextChoices):
        AUCUN = "", "Entreprise classique"
        EI = "EI", "Entreprise d'insertion (EI)"
        ETTI = "ETTI", "Entreprise de travail temporaire d'insertion (ETTI)"
        AI = "AI", "Association intermédiaire (AI)"
        ACI = "ACI", "Atelier et chantier d'insertion (ACI)"
        EITI = "EITI", "Entreprise d'insertion par le travail indépendant (EITI)"
        GEIQ = "GEIQ", "Groupement d'employeurs (GEIQ)"
        EA = "EA", "Entreprise adaptée (EA)"

    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    nom = models.CharField(max_length=200)
    effectif = models.PositiveIntegerField(null=True, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    type_employeur = models.CharField(
        "employeur d'insertion", max_length=5, choices=TypeEmployeur.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entreprises_clauses",
        help_text="Le compte de l'entreprise : ses membres voient leurs obligations et heures.",
    )

    class Meta:
        verbose_name = "entreprise"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Attribution(models.Model):
    class Role(models.TextChoices):
        ATTRIBUTAIRE = "attributaire", "Attributaire"
        COTRAITANT = "cotraitant", "Co-traitant"
        SOUS_TRAITANT = "sous_traitant", "Sous-traitant"

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="attributions")
    entreprise = models.ForeignKey(
        Entreprise, on_delete=models.CASCADE, related_name="attributions"
    )
    role = models.CharField("rôle", max_length=14, choices=Role.choices, default=Role.ATTRIBUTAIRE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "entreprise"], name="attribution_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entreprise} ({self.get_role_display()})"


class Participant(models.Model):
    class Sexe(models.TextChoices):
        F = "F", "Femme"
        M = "M", "Homme"

    identifiant = models.CharField(
        "identifiant pseudonyme", max_length=60, unique=True, help_text="Celui de la facilitatrice."
    )
    sexe = models.CharField(max_length=1, choices=Sexe.choices)
    annee_naissance = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    commune_residence = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept at anonymisation (the commune is erased): the yearly report reads it.
    reside_departement = models.BooleanField("réside dans le Département", default=False)
    criteres = models.ManyToManyField(Critere, related_name="participants", blank=True)
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True)

    class Meta:
        verbose_name = "participant"
        ordering = ["identifiant"]

    def __str__(self) -> str:
        return f"Participant {self.identifiant}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:participant", args=[self.pk])


class Contrat(models.Model):
    class Type(models.TextChoices):
        CDD_LONG = "CDD_LONG", "CDD long"
        CDI = "CDI", "CDI / CDIC"
        CTT = "CTT", "CTT"
        APPRENTISSAGE = "APPRENTISSAGE", "Apprentissage"
        INTERIM = "INTERIM", "Intérim"
        ETTI = "ETTI", "ETTI"
        SIAE = "SIAE", "Autres SIAE"
        PROFESSIONNALISATION = "PROFESSIONNALISATION", "CTT prof. / professionnalisation"
        CUI = "CUI", "CUI"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contrats")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="contrats")
    lots = models.ManyToManyField(Lot, related_name="contrats", blank=True)
    type_contrat = models.CharField("type de contrat", max_length=20, choices=Type.choices)
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "contrat de travail"
        verbose_name_plural = "contrats de travail"
        ordering = ["date_debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "entreprise", "type_contrat", "date_debut"],
                name="contrat_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_contrat_display()} du {self.date_debut:%d/%m/%Y}"

    def clean(self) -> None:
        if self.date_fin and self.date_fin < self.date_debut:
            raise ValidationError({"date_fin": "La fin du contrat précède son début."})


class HeuresMensuelles(models.Model):
    """Hours worked by a participant under a contract, on a lot, in a month.

    `participant` and `entreprise` repeat the contract's so that the yearly report counts
    them with one SQL aggregate over this table.
    """

    contrat = models.ForeignKey(Contrat, on_delete=models.CASCADE, related_name="heures")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="heures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="heures")
    entreprise = models.ForeignKey(Entreprise, on_delete=models.PROTECT, related_name="heures")
    mois = models.DateField(help_text="Premier jour du mois.")
    heures = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = "heures mensuelles"
        verbose_name_plural = "heures mensuelles"
        ordering = ["mois"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "lot", "mois"], name="heures_unique_mois")
        ]
        indexes = [models.Index(fields=["mois", "lot"]), models.Index(fields=["lot", "mois"])]

    def __str__(self) -> str:
        return f"{self.heures} h en {self.mois:%m/%Y}"


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


class ImportClauses(models.Model):
    """One upload of the facilitator's workbook (or its two CSV files) and its outcome."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "En cours"
        IMPORTE = "importe", "Importé"
        REFUSE = "refuse", "Refusé"
        # Its task failed or was interrupted: nothing written, it may be relaunched.
        ECHOUE = "echoue", "Échoué"

    fichier = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name="classeur"
    )
    fichier_heures = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fichier heures.csv",
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.EN_COURS)
    erreurs = models.JSONField(default=list, blank=True)
    resume = models.JSONField("résumé", default=dict, blank=True)
    tache = models.ForeignKey(
        "core.TacheSuivi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        "comptes.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "import de classeur"
        verbose_name_plural = "imports de classeurs"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Import du {self.cree_le:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:import_detail", args=[self.pk])


class ImportDecp(models.Model):
    """One DECP v2 file uploaded by the facilitator, and what it gave."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "En cours"
        IMPORTE = "importe", "Importé"
        REFUSE = "refuse", "Refusé"
        # Its task failed or was interrupted: nothing written, it may be relaunched.
        ECHOUE = "echoue", "Échoué"

    fichier = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name="fichier DECP"
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.EN_COURS)
    erreur = models.TextField(blank=True)
    # {"lus": n, "crees": [...], "completes": [...], "non_suivis": [DECP records]}
    resultat = models.JSONField("résultat", default=dict, blank=True)
    tache = models.ForeignKey(
        "core.TacheSuivi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        "comptes.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "import DECP"
        verbose_name_plural = "imports DECP"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Import DECP du {self.cree_le:%d/%m/%Y %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("clauses:decp_detail", args=[self.pk])
