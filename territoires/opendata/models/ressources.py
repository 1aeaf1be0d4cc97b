"""Resources (files) of a dataset and the history of their versions."""

from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from .jeux import JeuDeDonnees


class Ressource(models.Model):
    """A file of a dataset; each upload is a new `VersionRessource`, the previous stay."""

    class Graphique(models.TextChoices):
        BARRES = "barres", "Barres"
        LIGNES = "lignes", "Lignes"

    jeu = models.ForeignKey(JeuDeDonnees, on_delete=models.CASCADE, related_name="ressources")
    titre = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    schema = models.CharField(
        "schéma", max_length=80, blank=True, help_text="Nom d'un schéma livré (opendata/schemas)."
    )
    # {"type": "barres"|"lignes", "x": "colonne", "y": "colonne"} or {}
    graphique = models.JSONField("graphique", default=dict, blank=True)
    version_courante = models.ForeignKey(
        "VersionRessource",
        verbose_name="version courante",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["jeu", "pk"]
        verbose_name = "ressource"

    def __str__(self) -> str:
        return self.titre


class VersionRessource(FSMModelMixin, models.Model):
    """One uploaded file of a resource, read, typed, stored as rows and validated."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        ODS = "ods", "OpenDocument (ODS)"
        JSON = "json", "JSON"
        GEOJSON = "geojson", "GeoJSON"

    class Statut(models.TextChoices):
        A_VERIFIER = "a_verifier", "À vérifier"
        PRETE = "prete", "Prête"
        REFUSEE = "refusee", "Refusée"

    # Column types of `colonnes[*].type` (and of `opendata.tabulaire.Colonne.type`).
    TYPES_COLONNE = {
        "texte": "Texte",
        "entier": "Nombre entier",
        "decimal": "Nombre décimal",
        "date": "Date",
        "booleen": "Oui / non",
        "latitude": "Latitude",
        "longitude": "Longitude",
        "geometrie": "Géométrie (GeoJSON)",
    }

    ressource = models.ForeignKey(Ressource, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveIntegerField("numéro")
    document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    format = models.CharField(max_length=10, choices=Format.choices)
    encodage = models.CharField(max_length=20, blank=True)
    separateur = models.CharField("séparateur", max_length=2, blank=True)
    # [{"nom": "...", "type_detecte": "decimal", "type": "decimal"}, ...]
    colonnes = models.JSONField(default=list, blank=True)
    nb_lignes = models.PositiveIntegerField("nombre de lignes", default=0)
    table = models.CharField("stockage tabulaire", max_length=40, blank=True)
    # {"schema": "...", "valide": bool, "erreurs": [{"ligne", "colonne", "message"}], "total": n}
    validation = models.JSONField(default=dict, blank=True)
    conforme = models.BooleanField("conforme au schéma", default=False)
    lignes_ajoutees = models.PositiveIntegerField(null=True, blank=True)
    lignes_retirees = models.PositiveIntegerField(null=True, blank=True)
    statut = FSMField(
        max_length=12, choices=Statut.choices, default=Statut.A_VERIFIER, protected=True
    )
    deposee_par = models.ForeignKey(
        "comptes.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ressource", "-numero"]
        verbose_name = "version de ressource"
        constraints = [
            models.UniqueConstraint(fields=["ressource", "numero"], name="version_unique_numero")
        ]

    def __str__(self) -> str:
        return f"{self.ressource} — version {self.numero}"

    @transition(
        field=statut,
        source=Statut.A_VERIFIER,
        target=Statut.PRETE,
        custom={"label": "Valider la version"},
    )
    def valider(self):
        pass

    @transition(
        field=statut,
        source=Statut.A_VERIFIER,
        target=Statut.REFUSEE,
        custom={"label": "Refuser la version"},
    )
    def refuser(self):
        pass
