"""Configuration rows of the ingénierie module, editable in the administration: the mission
and its reminder delays, its public texts, domains, natures and partners of the requests, and
the sector advisor of each intercommunalité."""

from django.conf import settings
from django.db import models

from territoires.comptes.models import Organisation
from territoires.referentiel.models import Epci


class ConfigurationIngenierie(models.Model):
    """One row per instance: who the mission is and how reminders behave."""

    mission = models.ForeignKey(
        Organisation,
        verbose_name="service qui porte la mission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Ses membres (conseillers, chef de service) traitent les sollicitations.",
    )
    delai_inactivite_jours = models.PositiveIntegerField(
        "délai avant signalement d'inactivité (jours)", default=60
    )
    delai_ou_en_etes_vous_jours = models.PositiveIntegerField(
        "délai du courriel « où en êtes-vous ? » (jours)",
        default=42,
        help_text="0 : jamais envoyé.",
    )
    activer_adhesions = models.BooleanField(
        "adhésions et prestations payantes",
        default=False,
        help_text="Modèle d'agence : adhésion annuelle et assistance à maîtrise d'ouvrage payante.",
    )
    conseillers_prennent_en_charge = models.BooleanField(
        "tout conseiller prend en charge une nouvelle demande",
        default=False,
        help_text="Sinon, un conseiller ne prend en charge que les demandes où il est nommé "
        "(référent ou équipe) ; le chef de service, la direction et les administrateurs "
        "trient toujours.",
    )
    reserver_conseil_aux_adherents = models.BooleanField(
        "réserver le conseil aux adhérents",
        default=False,
        help_text="Les non-adhérents n'ont alors accès qu'aux natures ouvertes à tous.",
    )
    presentation_publique = models.TextField(
        "présentation publique du service",
        blank=True,
        help_text="Lue sur la page publique « Ingénierie territoriale » ; un paragraphe par "
        "ligne vide. Vide : la présentation par défaut.",
    )
    comment_solliciter = models.TextField(
        "comment solliciter la mission",
        blank=True,
        help_text="Lu sur la page publique : qui peut demander, comment, et ce qui suit la "
        "demande ; un paragraphe par ligne vide. Vide : les étapes par défaut.",
    )

    class Meta:
        verbose_name = "configuration de l'ingénierie"
        verbose_name_plural = "configuration de l'ingénierie"

    def __str__(self) -> str:
        return "Configuration de l'ingénierie"

    @classmethod
    def courante(cls) -> "ConfigurationIngenierie":
        config = cls.objects.select_related("mission").order_by("pk").first()
        return config or cls.objects.create()


class Domaine(models.Model):
    nom = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    partenaire = models.CharField(
        max_length=200, blank=True, help_text="Partenaire associé, par exemple le CAUE."
    )
    ordre = models.PositiveIntegerField(default=100)
    actif = models.BooleanField(default=True)

    class Meta:
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class Nature(models.Model):
    nom = models.CharField(max_length=120, unique=True)
    ordre = models.PositiveIntegerField(default=100)
    actif = models.BooleanField(default=True)
    ouverte_aux_non_adherents = models.BooleanField(
        default=False, help_text="Quand le conseil est réservé aux adhérents."
    )
    payante = models.BooleanField(default=False, help_text="Prestation donnant lieu à un devis.")

    class Meta:
        ordering = ["ordre", "nom"]

    def __str__(self) -> str:
        return self.nom


class Partenaire(models.Model):
    """Another service or partner a request can be redirected to (CAUE, agence, État)."""

    nom = models.CharField(max_length=200, unique=True)
    courriel = models.EmailField(blank=True)
    description = models.TextField(blank=True)
    actif = models.BooleanField(default=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Secteur(models.Model):
    """The advisor of an intercommunalité's territory: named referent on each new request filed
    there (by its communes or by the intercommunalité itself) and told so."""

    epci = models.OneToOneField(
        Epci, verbose_name="intercommunalité", on_delete=models.CASCADE, related_name="+"
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller du secteur",
        on_delete=models.PROTECT,
        related_name="secteurs_ingenierie",
        help_text="Nommé référent sur chaque nouvelle sollicitation de ce territoire, tant qu'il "
        "est membre de la mission.",
    )

    class Meta:
        verbose_name = "secteur d'un conseiller"
        verbose_name_plural = "secteurs des conseillers"
        ordering = ["epci__nom"]

    def __str__(self) -> str:
        return f"{self.epci.nom} : {self.conseiller}"
