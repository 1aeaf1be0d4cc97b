"""Forms of the producer's screens and of the moderation (validated at the border, French)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.text import format_lazy

from territoires.core.dates import DateFenetreField
from territoires.core.documents import size_label
from territoires.instances import exemple_noms
from territoires.referentiel.communes import libelle_commune
from territoires.referentiel.models import Commune, Epci
from territoires.ui.widgets import ChoixParNomField

from .models import JeuDeDonnees, Ressource, Theme, VersionRessource

FICHIER_AIDE = (
    "Fichier CSV (séparé par des points-virgules, des virgules ou des tabulations, "
    "tel qu'Excel l'enregistre), XLSX, ODS, JSON ou GeoJSON. Taille maximale : {taille}."
)


def schema_choices() -> list[tuple[str, str]]:
    from . import validation  # the schemas shipped (opendata/schemas)

    return [("", "Aucun schéma")] + [
        (s.nom, f"{s.titre} ({s.version})") for s in validation.schemas_available()
    ]


class JeuForm(forms.ModelForm):
    """Description of a dataset; territories are chosen by their names."""

    periode_debut = DateFenetreField(label="Début de la période couverte", required=False)
    periode_fin = DateFenetreField(label="Fin de la période couverte", required=False)
    communes = ChoixParNomField(
        label="Communes couvertes",
        queryset=Commune.objects.none(),
        required=False,
        libelle=libelle_commune,
        nom=lambda commune: commune.nom,
        source=reverse_lazy("referentiel:communes_autocomplete"),
        objet="une commune",
        objets="communes",
        help_text=format_lazy(
            "Les noms des communes, séparés par des virgules (ex. « {} ») ; des suggestions "
            "s'affichent pendant la saisie.",
            exemple_noms(),
        ),
    )
    epcis = ChoixParNomField(
        label="Intercommunalités couvertes",
        queryset=Epci.objects.none(),
        required=False,
        libelle=lambda epci: epci.nom,
        nom=lambda epci: epci.nom,
        objet="une intercommunalité",
        objets="intercommunalités",
        help_text="Les noms des intercommunalités, séparés par des virgules ; des suggestions "
        "s'affichent pendant la saisie.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JeuDeDonnees
        fields = [
            "titre",
            "description",
            "licence",
            "themes",
            "mots_cles",
            "communes",
            "epcis",
            "periode_debut",
            "periode_fin",
            "frequence",
            "contact",
        ]
        labels = {"titre": "Titre du jeu de données", "licence": "Licence"}
        help_texts = {
            "titre": "Ce que contient le jeu, en quelques mots (ex. « Équipements sportifs »).",
            "description": "Ce que décrit chaque ligne, d'où viennent les données, leurs limites.",
            "licence": "La Licence Ouverte 2.0 convient presque toujours ; l'ODbL impose de "
            "partager à l'identique.",
            "contact": "Adresse à laquelle écrire pour une question sur les données.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.instance.pk and list(self.instance.communes.values_list("pk", flat=True))
        communes = Commune.objects.filter(
            departement__code=settings.TERRITOIRES_DEPARTEMENT, obsolete=False
        )
        if selected:
            communes = communes | Commune.objects.filter(pk__in=selected)
        self.fields["communes"].queryset = communes.select_related("departement").order_by(
            "nom", "code"
        )
        self.fields["epcis"].queryset = Epci.objects.actuels().order_by("nom")
        if organisations is not None and len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label="Organisation productrice",
                queryset=type(organisations[0]).objects.filter(
                    pk__in=[o.pk for o in organisations]
                ),
                help_text="L'organisation au nom de laquelle vous publiez.",
            )
            self.order_fields(["organisation"])

    def clean(self):
        data = super().clean()
        debut, fin = data.get("periode_debut"), data.get("periode_fin")
        if debut and fin and debut > fin:
            self.add_error("periode_fin", "La fin de la période couverte doit suivre son début.")
        return data


class FichierField(forms.FileField):
    """A data file; the hostile-file guard checks it when the service stores it (once)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Fichier de données")
        kwargs.setdefault(
            "help_text", FICHIER_AIDE.format(taille=size_label(settings.DONNEES_TAILLE_MAX))
        )
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.ods,.json,.geojson"}),
        )
        super().__init__(**kwargs)


class RessourceForm(forms.Form):
    titre = forms.CharField(
        label="Titre de la ressource",
        max_length=200,
        help_text="Par exemple « Liste des équipements 2025 ».",
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schema = forms.ChoiceField(
        label="Schéma de données",
        required=False,
        help_text="Facultatif : si le fichier suit un schéma national, il sera vérifié avant "
        "publication et portera le badge « conforme au schéma ».",
    )
    fichier = FichierField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schema"].choices = schema_choices()


class DepotForm(forms.Form):
    fichier = FichierField(label="Nouveau fichier")


class ApercuForm(forms.Form):
    """The type of each column (French labels), the schema, then « Publier cette version »."""

    schema = forms.ChoiceField(label="Schéma de données", required=False)

    def __init__(self, *args, version: VersionRessource, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["schema"].choices = schema_choices()
        self.fields["schema"].initial = version.ressource.schema
        self.fields[
            "schema"
        ].help_text = "Facultatif. Le fichier sera vérifié contre ce schéma avant d'être publié."
        choices = list(VersionRessource.TYPES_COLONNE.items())
        for index, colonne in enumerate(version.colonnes):
            detected = VersionRessource.TYPES_COLONNE.get(colonne.get("type_detecte"), "")
            self.fields[f"type_{index}"] = forms.ChoiceField(
                label=f"Type de la colonne « {colonne['nom']} »",
                choices=choices,
                initial=colonne.get("type"),
                help_text=f"Détecté : {detected}." if detected else "",
            )

    def type_fields(self):
        return [self[f"type_{i}"] for i in range(len(self.version.colonnes))]

    def colonnes(self) -> list[dict]:
        return [
            {"nom": c["nom"], "type": self.cleaned_data[f"type_{i}"]}
            for i, c in enumerate(self.version.colonnes)
        ]


class GraphiqueForm(forms.Form):
    type = forms.ChoiceField(
        label="Type de graphique",
        required=False,
        choices=[("", "Pas de graphique"), *Ressource.Graphique.choices],
    )
    x = forms.ChoiceField(label="Colonne des abscisses (catégories ou dates)", required=False)
    y = forms.ChoiceField(label="Colonne des valeurs (nombres)", required=False)

    def __init__(self, *args, ressource: Ressource, **kwargs):
        graphique = ressource.graphique or {}
        kwargs.setdefault("initial", graphique)
        super().__init__(*args, **kwargs)
        version = ressource.version_courante
        colonnes = version.colonnes if version else []
        self.fields["x"].choices = [("", "—")] + [(c["nom"], c["nom"]) for c in colonnes]
        self.fields["y"].choices = [("", "—")] + [
            (c["nom"], c["nom"]) for c in colonnes if c["type"] in ("entier", "decimal")
        ]

    def clean(self):
        data = super().clean()
        if data.get("type") and not (data.get("x") and data.get("y")):
            raise ValidationError("Choisissez les deux colonnes du graphique.")
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accepter", "Accepter et publier"), ("renvoyer", "Renvoyer au producteur")],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour un renvoi : ce que le producteur doit corriger.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "renvoyer" and not (data.get("motif") or "").strip():
            self.add_error("motif", "Dites au producteur ce qu'il doit corriger.")
        return data


class DepublicationForm(forms.Form):
    motif = forms.CharField(
        label="Motif de la dépublication",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le producteur le reçoit dans sa notification.",
    )
