"""Aid schemes, their dated rule values and the granting body's configuration."""

from django.db import models
from django.urls import reverse

from territoires.comptes.models import Organisation, validate_siret


class TypeBeneficiaire(models.TextChoices):
    COMMUNE = "commune", "Communes"
    EPCI = "epci", "Intercommunalités (EPCI)"
    ORGANISME_PUBLIC = "organisme_public", "Autres organismes publics"


class Dispositif(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    nom = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    beneficiaires = models.JSONField(
        "bénéficiaires",
        default=list,
        help_text="Types d'organisation admis : commune, epci, organisme_public.",
    )
    service = models.ForeignKey(
        Organisation,
        verbose_name="service instructeur",
        on_delete=models.PROTECT,
        limit_choices_to={"type": Organisation.Type.SERVICE},
        related_name="dispositifs",
    )
    pieces_a_fournir = models.TextField("pièces à fournir", blank=True)
    depenses_eligibles = models.TextField("dépenses éligibles", blank=True)
    date_ouverture = models.DateField("ouverture des dépôts", null=True, blank=True)
    date_cloture = models.DateField("clôture des dépôts", null=True, blank=True)
    par_contrat = models.BooleanField(
        "financé par contrat",
        default=False,
        help_text="Les dossiers sont des opérations inscrites à un contrat (F2D).",
    )
    limite_incluse = models.BooleanField(
        "date limite incluse",
        default=False,
        help_text="« Avant le 1er avril » : coché, un dossier complet le 1er avril va encore à "
        "cette session ; décoché (par défaut), il va à la suivante. Montré aux communes.",
    )
    publie = models.BooleanField("publié au catalogue", default=True)
    contact = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("aides:dispositif", kwargs={"dispositif_code": self.code})

    def beneficiaires_display(self) -> list[str]:
        labels = dict(TypeBeneficiaire.choices)
        return [str(labels.get(b, b)) for b in self.beneficiaires]


class ParametreDispositif(models.Model):
    """A dated value of a scheme's rule: valid from `valide_du` to `valide_au` (included)."""

    class Cle(models.TextChoices):
        MONTANT_MAX = "montant_max", "Montant maximal de subvention (€)"
        TAUX_MAX = "taux_max", "Taux maximal de subvention (0 à 1)"
        COUT_MIN = "cout_min", "Coût minimal du projet HT (€)"
        TAUX_PAR_CATEGORIE = (
            "taux_par_categorie",
            "Taux maximal par catégorie de commune ([{population_max, taux}] ou liste "
            "rurale [{communes: [codes INSEE], taux, libelle}])",
        )
        LIMITE_DOSSIERS = (
            "limite_dossiers_par_periode",
            "Dossiers par bénéficiaire et par période ({nombre, periode: programmation (année "
            "de la session, par défaut) ou civile (année civile du dépôt)})",
        )
        AUTOFINANCEMENT_MIN = (
            "autofinancement_min_pct",
            "Autofinancement minimal du maître d'ouvrage (% des financements publics)",
        )
        AIDES_PUBLIQUES_MAX = (
            "aides_publiques_max_par_categorie",
            "Total des aides publiques maximal par tranche de population "
            "([{population_max, taux}])",
        )
        CADUCITE_DEBUT_MOIS = "caducite_debut_mois", "Caducité : début des travaux (mois)"
        CADUCITE_FIN_MOIS = "caducite_fin_mois", "Caducité : fin des travaux (mois)"
        AVANCE_MAX_PCT = "avance_max_pct", "Avance maximale (% du montant attribué)"
        RURALITE = (
            "ruralite",
            "Communes rurales : taux maximal et définition ({taux_max, population_max} ou "
            "{taux_max, communes: [codes INSEE]})",
        )

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="parametres")
    cle = models.CharField("paramètre", max_length=40, choices=Cle.choices)
    valeur = models.JSONField("valeur")
    valide_du = models.DateField("valable du")
    valide_au = models.DateField("valable au", null=True, blank=True)
    source = models.CharField(
        max_length=255, blank=True, help_text="Délibération ou règlement qui fixe la valeur."
    )

    class Meta:
        verbose_name = "paramètre daté"
        verbose_name_plural = "paramètres datés"
        ordering = ["dispositif", "cle", "-valide_du"]
        indexes = [models.Index(fields=["dispositif", "cle", "valide_du"])]

    def __str__(self) -> str:
        return f"{self.get_cle_display()} = {self.valeur} (du {self.valide_du})"


class ConfigurationAides(models.Model):
    """The granting body as written in the open-data export (one row)."""

    nom_attribuant = models.CharField("nom de l'attribuant", max_length=200)
    siret_attribuant = models.CharField(
        "SIRET de l'attribuant", max_length=14, validators=[validate_siret]
    )
    signataire = models.CharField(
        max_length=200, blank=True, help_text="Nom et qualité du signataire des arrêtés."
    )

    class Meta:
        verbose_name = "configuration des aides"
        verbose_name_plural = "configuration des aides"

    def __str__(self) -> str:
        return self.nom_attribuant
