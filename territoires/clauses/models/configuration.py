"""Settings of the module and the référentiel of eligibility criteria."""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


def types_contrats_longs_defaut() -> list[str]:
    """CDI / CDIC, CDD long, apprentissage and professionalisation (seed 004's longer
    contracts); the instance changes the list in the administration."""
    return ["CDI", "CDD_LONG", "APPRENTISSAGE", "PROFESSIONNALISATION"]


class ConfigurationClauses(models.Model):
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
        help_text="Jour du dernier passage de la commande planifiée « territoires clauses "
        "anonymiser ».",
    )
    taux_alerte_retard_pct = models.PositiveSmallIntegerField(
        "alerte de retard (% des heures attendues à date)",
        default=80,
        help_text="Un lot est en retard quand ses heures réalisées sont sous ce pourcentage "
        "des heures attendues au prorata du temps écoulé.",
    )

    types_contrats_longs = models.JSONField(
        "types de contrat comptés comme contrats longs",
        default=types_contrats_longs_defaut,
        blank=True,
        help_text="Codes des types de contrat de travail (CDI, CDD_LONG, APPRENTISSAGE, …) "
        "qui comptent comme contrats longs dans le bilan, quelle que soit leur durée.",
    )
    duree_contrat_long_mois = models.PositiveSmallIntegerField(
        "durée d'un contrat long (mois)",
        default=6,
        validators=[MinValueValidator(1)],
        help_text="Un contrat d'un autre type compte comme long quand il dure au moins ce "
        "nombre de mois (de son début à sa fin).",
    )

    class Meta:
        verbose_name = "configuration des clauses sociales"
        verbose_name_plural = "configuration des clauses sociales"

    def __str__(self) -> str:
        return "Configuration des clauses sociales"

    def clean(self) -> None:
        # The contract model is read through the registry (it imports this module).
        Contrat = apps.get_model("clauses", "Contrat")  # noqa: N806
        codes = self.types_contrats_longs
        if not isinstance(codes, list) or any(c not in Contrat.Type.values for c in codes):
            raise ValidationError(
                {
                    "types_contrats_longs": "Donnez une liste de codes parmi : "
                    + ", ".join(Contrat.Type.values)
                    + "."
                }
            )

    @classmethod
    def courante(cls) -> "ConfigurationClauses":
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
