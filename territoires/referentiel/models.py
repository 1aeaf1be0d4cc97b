"""Territoires du Code officiel géographique (COG) : régions, départements, communes, EPCI.

Imported from the shipped copy of @etalab/decoupage-administratif (`referentiel import`).
Rows are never deleted: a code that vanished from the source is marked obsolete.
"""

from django.db import models
from django.urls import reverse

from territoires.core.text import normalize_search


class TerritoireQuerySet(models.QuerySet):
    def actuels(self):
        return self.filter(obsolete=False)


class Territoire(models.Model):
    nom = models.CharField("nom", max_length=200)
    # Lower-case, accent-free copy of the name for searching (« ténarèze » → « tenareze »).
    nom_recherche = models.CharField(max_length=200, db_index=True, editable=False)
    obsolete = models.BooleanField("obsolète", default=False)
    date_obsolete = models.DateField("obsolète depuis", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = TerritoireQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    def save(self, *args, **kwargs):
        self.nom_recherche = normalize_search(self.nom)
        super().save(*args, **kwargs)


class Region(Territoire):
    code = models.CharField("code INSEE", max_length=3, unique=True)

    class Meta(Territoire.Meta):
        verbose_name = "région"


class Departement(Territoire):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta(Territoire.Meta):
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class Epci(Territoire):
    class Type(models.TextChoices):
        CC = "CC", "Communauté de communes"
        CA = "CA", "Communauté d'agglomération"
        CU = "CU", "Communauté urbaine"
        METRO = "METRO", "Métropole"
        MET69 = "MET69", "Métropole de Lyon"

    class ModeFinancement(models.TextChoices):
        FPU = "FPU", "Fiscalité professionnelle unique"
        FA = "FA", "Fiscalité additionnelle"

    siren = models.CharField("SIREN", max_length=9, unique=True)
    type = models.CharField(max_length=5, choices=Type.choices)
    mode_financement = models.CharField(
        "mode de financement", max_length=3, choices=ModeFinancement.choices, blank=True
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    population_totale = models.PositiveIntegerField(null=True, blank=True)
    departements = models.ManyToManyField(Departement, related_name="epcis", blank=True)

    class Meta(Territoire.Meta):
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def get_absolute_url(self) -> str:
        return reverse("pilotage:epci", args=[self.siren])


class Commune(Territoire):
    class Type(models.TextChoices):
        ACTUELLE = "commune-actuelle", "Commune actuelle"
        DELEGUEE = "commune-deleguee", "Commune déléguée"
        ASSOCIEE = "commune-associee", "Commune associée"
        ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"

    # A commune déléguée often keeps the code of its commune nouvelle: unique per type.
    code = models.CharField("code INSEE", max_length=5, db_index=True)
    type = models.CharField(max_length=30, choices=Type.choices, default=Type.ACTUELLE)
    siren = models.CharField("SIREN", max_length=9, blank=True, db_index=True)
    codes_postaux = models.JSONField("codes postaux", default=list, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes", null=True, blank=True
    )
    commune_parente = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communes_rattachees",
        verbose_name="commune de rattachement",
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    anciens_codes = models.JSONField(default=list, blank=True)

    class Meta(Territoire.Meta):
        verbose_name = "commune"
        constraints = [
            models.UniqueConstraint(fields=["code", "type"], name="commune_code_type_unique")
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("pilotage:commune", args=[self.code])

    @property
    def est_actuelle(self) -> bool:
        return self.type == self.Type.ACTUELLE and not self.obsolete


class Canton(Territoire):
    """Canton from the INSEE COG files (`territoires referentiel import-cantons`).

    The shipped découpage-administratif has no cantons: they come only from the COG files
    `v_canton_AAAA.csv` and `v_commune_AAAA.csv`. A commune split between several cantons
    belongs, in the COG, to a pseudo-canton (type V) that stands for it as a whole.
    """

    class Type(models.TextChoices):
        CANTON = "C", "Canton"
        PSEUDO = "V", "Canton-ville (pseudo-canton)"
        FICTIF = "N", "Canton fictif (commune nouvelle)"

    code = models.CharField("code INSEE", max_length=5, unique=True)
    type = models.CharField(max_length=1, choices=Type.choices, default=Type.CANTON)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="cantons")
    bureau_centralisateur = models.CharField(
        "commune bureau centralisateur (code INSEE)", max_length=5, blank=True
    )
    communes = models.ManyToManyField(Commune, related_name="cantons", blank=True)

    class Meta(Territoire.Meta):
        verbose_name = "canton"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code})"


class AncienneCommune(models.Model):
    """An INSEE code that no longer names a current commune, and the commune that took it in.

    Filled by `referentiel import` (the `anciensCodes` of the shipped découpage: code only)
    and by `referentiel import-mouvements` (the INSEE file of the communes' events: name and
    date too). A commune split between several current communes has one row for each.
    """

    class Source(models.TextChoices):
        DECOUPAGE = "decoupage", "Découpage administratif livré (anciens codes)"
        MOUVEMENTS = "mouvements", "Mouvements des communes du COG (INSEE)"

    code = models.CharField("ancien code INSEE", max_length=5, db_index=True)
    nom = models.CharField("nom de l'ancienne commune", max_length=200, blank=True)
    commune_actuelle = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="anciennes_communes"
    )
    date_effet = models.DateField("ne l'est plus depuis", null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.DECOUPAGE)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ancienne commune"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "commune_actuelle"], name="ancienne_commune_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} → {self.commune_actuelle}"
