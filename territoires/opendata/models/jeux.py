"""Datasets (jeux de données) and their themes."""

from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from territoires.core.text import normalize_search


class Theme(models.Model):
    """A theme of the catalogue (facet), loaded by a data migration."""

    class ThemeUE(models.TextChoices):
        """The EU « data-theme » vocabulary (publications.europa.eu/resource/authority)."""

        AGRI = "AGRI", "Agriculture, pêche, sylviculture et alimentation"
        ECON = "ECON", "Économie et finances"
        EDUC = "EDUC", "Éducation, culture et sport"
        ENER = "ENER", "Énergie"
        ENVI = "ENVI", "Environnement"
        GOVE = "GOVE", "Gouvernement et secteur public"
        HEAL = "HEAL", "Santé"
        INTR = "INTR", "Questions internationales"
        JUST = "JUST", "Justice, système juridique et sécurité publique"
        REGI = "REGI", "Régions et villes"
        SOCI = "SOCI", "Population et société"
        TECH = "TECH", "Science et technologie"
        TRAN = "TRAN", "Transports"

    slug = models.SlugField(unique=True)
    libelle = models.CharField("libellé", max_length=100)
    theme_ue = models.CharField(
        "thème européen",
        max_length=4,
        blank=True,
        choices=ThemeUE.choices,
        help_text="Code du vocabulaire « data-theme » de l'UE (GOVE, ECON, TRAN…), déclaré "
        "dans le catalogue DCAT.",
    )

    class Meta:
        ordering = ["libelle"]
        verbose_name = "thème"

    def __str__(self) -> str:
        return self.libelle


class JeuDeDonnees(FSMModelMixin, models.Model):
    """A dataset published by an organisation of the instance.

    `statut` changes only by its transitions (`core.workflow.transition_apply`, journalised):
    the first publication of an organisation goes through the data officer's moderation,
    the next ones are published at once (`publier`); the data officer can unpublish.
    """

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        EN_MODERATION = "en_moderation", "En attente de modération"
        PUBLIE = "publie", "Publié"
        DEPUBLIE = "depublie", "Dépublié"

    class Licence(models.TextChoices):
        LO_2 = "lo-2.0", "Licence Ouverte 2.0"
        ODBL = "odbl-1.0", "ODbL 1.0"

    class Frequence(models.TextChoices):
        PONCTUELLE = "ponctuelle", "Ponctuelle"
        QUOTIDIENNE = "quotidienne", "Quotidienne"
        HEBDOMADAIRE = "hebdomadaire", "Hebdomadaire"
        MENSUELLE = "mensuelle", "Mensuelle"
        TRIMESTRIELLE = "trimestrielle", "Trimestrielle"
        ANNUELLE = "annuelle", "Annuelle"
        IRREGULIERE = "irreguliere", "Irrégulière"

    slug = models.SlugField(max_length=120, unique=True)
    titre = models.CharField(max_length=200)
    titre_recherche = models.CharField(max_length=200, editable=False, db_index=True)
    description = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name="producteur",
        on_delete=models.PROTECT,
        related_name="jeux_de_donnees",
    )
    licence = models.CharField(max_length=10, choices=Licence.choices, default=Licence.LO_2)
    themes = models.ManyToManyField(Theme, verbose_name="thèmes", blank=True, related_name="jeux")
    mots_cles = models.CharField(
        "mots-clés", max_length=300, blank=True, help_text="Séparés par des virgules."
    )
    texte_recherche = models.TextField(editable=False, blank=True)
    communes = models.ManyToManyField(
        "referentiel.Commune", verbose_name="communes couvertes", blank=True, related_name="+"
    )
    epcis = models.ManyToManyField(
        "referentiel.Epci", verbose_name="intercommunalités couvertes", blank=True, related_name="+"
    )
    periode_debut = models.DateField("début de la période couverte", null=True, blank=True)
    periode_fin = models.DateField("fin de la période couverte", null=True, blank=True)
    frequence = models.CharField(
        "fréquence de mise à jour",
        max_length=15,
        choices=Frequence.choices,
        default=Frequence.PONCTUELLE,
    )
    contact = models.EmailField("courriel de contact", blank=True)
    statut = FSMField(
        max_length=15, choices=Statut.choices, default=Statut.BROUILLON, protected=True
    )
    source_module = models.CharField(
        "jeu automatique",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="Vide pour un jeu déposé ; sinon le code du jeu publié par un module.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    publie_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["titre"]
        verbose_name = "jeu de données"
        verbose_name_plural = "jeux de données"
        permissions = [
            ("moderer_jeudedonnees", "Modérer et dépublier les jeux de données"),
        ]

    def __str__(self) -> str:
        return self.titre

    def save(self, *args, **kwargs):
        # Accent-insensitive search on every backend: searched columns are kept normalised.
        self.titre_recherche = normalize_search(self.titre)[:200]
        self.texte_recherche = normalize_search(
            " ".join([self.titre, self.description, self.mots_cles])
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("opendata:jeu", kwargs={"slug": self.slug})

    @property
    def est_automatique(self) -> bool:
        return bool(self.source_module)

    @transition(
        field=statut,
        source=[Statut.BROUILLON, Statut.DEPUBLIE],
        target=Statut.EN_MODERATION,
        custom={"label": "Soumettre à la modération"},
    )
    def soumettre(self):
        pass

    @transition(
        field=statut,
        source=[Statut.BROUILLON, Statut.EN_MODERATION, Statut.DEPUBLIE],
        target=Statut.PUBLIE,
        custom={"label": "Publier"},
    )
    def publier(self):
        from django.utils import timezone

        self.publie_le = self.publie_le or timezone.now()

    @transition(
        field=statut,
        source=Statut.EN_MODERATION,
        target=Statut.BROUILLON,
        permission="opendata.moderer_jeudedonnees",
        custom={"label": "Renvoyer au producteur"},
    )
    def renvoyer(self):
        pass

    @transition(
        field=statut,
        source=Statut.PUBLIE,
        target=Statut.DEPUBLIE,
        permission="opendata.moderer_jeudedonnees",
        custom={"label": "Dépublier"},
    )
    def depublier(self):
        pass
