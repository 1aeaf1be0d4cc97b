from django import forms
from django.utils.text import format_lazy

from territoires.comptes.models import Organisation, validate_siret
from territoires.core.dates import DateFenetreField, Fenetre
from territoires.core.forms import DocumentField
from territoires.instances import exemple_code
from territoires.referentiel.communes import CommuneRefusee, commune_actuelle

from .models import (
    Attribution,
    ConventionAccompagnement,
    DemandeAccompagnement,
    DonneurOrdre,
    Entreprise,
    Marche,
    Reunion,
)


class ImportForm(forms.Form):
    fichier = DocumentField(
        allowed_types=("xlsx", "csv", "txt"),
        label="Classeur (XLSX) ou fichier marches.csv",
        help_text="Le classeur du modèle, avec les feuilles « marches » et « heures » ; ou le "
        "fichier marches.csv accompagné de heures.csv ci-dessous.",
    )
    fichier_heures = DocumentField(
        allowed_types=("csv", "txt"),
        label="Fichier heures.csv (seulement avec marches.csv)",
        required=False,
        help_text="Format CSV, séparateur point-virgule ou virgule, encodage UTF-8.",
    )

    def clean(self):
        data = super().clean()
        fichier = data.get("fichier")
        if fichier and fichier.name.lower().endswith(".csv") and not data.get("fichier_heures"):
            self.add_error("fichier_heures", "Avec marches.csv, joignez aussi heures.csv.")
        return data


class ReunionForm(forms.ModelForm):
    date = DateFenetreField(label="Date")

    class Meta:
        model = Reunion
        fields = ["type", "date", "compte_rendu"]


class EtapeForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    motif = forms.CharField(
        label="Commentaire (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LotCalculForm(forms.Form):
    montant = forms.DecimalField(label="Montant des travaux HT (€)", min_value=0, max_digits=14)
    part_main_oeuvre_pct = forms.DecimalField(
        label="Part de main-d'œuvre (%)", min_value=0, max_value=100, max_digits=5
    )
    taux_insertion_pct = forms.DecimalField(
        label="Taux d'insertion (%)", min_value=0, max_value=100, max_digits=5
    )
    cout_horaire = forms.DecimalField(label="Coût horaire (€)", min_value=1, max_digits=8)


class ConventionForm(forms.ModelForm):
    donneur_ordre = forms.ModelChoiceField(
        queryset=DonneurOrdre.objects.order_by("nom"), label="Donneur d'ordre"
    )

    date_signature = DateFenetreField(label="Signée le", fenetre=Fenetre.PASSE)

    class Meta:
        model = ConventionAccompagnement
        fields = ["donneur_ordre", "objet", "date_signature"]


class DemandeAccompagnementForm(forms.ModelForm):
    """A request for support received by the facilitator, and what became of it."""

    donneur_ordre = forms.ModelChoiceField(
        queryset=DonneurOrdre.objects.order_by("nom"), label="Acheteur (donneur d'ordre)"
    )
    date_reception = DateFenetreField(label="Reçue le", fenetre=Fenetre.PASSE)

    class Meta:
        model = DemandeAccompagnement
        fields = ["donneur_ordre", "date_reception", "nature", "objet", "suite", "suite_precisions"]
        widgets = {"suite_precisions": forms.Textarea(attrs={"rows": 3})}


class DemandeSuiteForm(forms.ModelForm):
    """The outcome of a request, updated as the support goes on."""

    class Meta:
        model = DemandeAccompagnement
        fields = ["suite", "suite_precisions"]
        widgets = {"suite_precisions": forms.Textarea(attrs={"rows": 3})}


class EnvironnementForm(forms.ModelForm):
    """The environmental considerations of a marché (DECP fills them when it declares them)."""

    class Meta:
        model = Marche
        fields = ["clause_environnementale", "critere_environnemental"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-aide"


class CalendrierForm(forms.Form):
    duree_mois = forms.IntegerField(
        label="Durée d'exécution (mois)",
        min_value=1,
        max_value=240,
        help_text="À partir de la notification : sert au calcul des heures attendues à date.",
    )


class EntrepriseForm(forms.ModelForm):
    """A company: SIRET checked by python-stdnum (model validator), commune by INSEE code."""

    siret = forms.CharField(
        label="SIRET",
        max_length=20,  # spaces typed between groups of digits are removed
        help_text="14 chiffres ; la clé de contrôle est vérifiée.",
    )
    commune_code = forms.CharField(
        label="Commune de l'établissement (code INSEE)",
        max_length=6,
        required=False,
        help_text=format_lazy("5 caractères, par exemple {}.", exemple_code()),
    )

    class Meta:
        model = Entreprise
        fields = [
            "siret", "nom", "effectif", "type_employeur", "activites", "dans_annuaire",
            "organisation",
        ]  # fmt: skip
        help_texts = {
            "effectif": "Nombre de salariés (les bilans comptent les moins de 20 et de 5).",
            "type_employeur": "Structure d'insertion par l'activité économique (SIAE), GEIQ ou "
            "entreprise adaptée.",
        }

    field_order = [
        "siret", "nom", "effectif", "commune_code", "type_employeur", "activites",
        "dans_annuaire", "organisation",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            type=Organisation.Type.ENTREPRISE
        ).order_by("nom")
        self.fields["organisation"].label = "Compte de l'entreprise sur la plateforme"
        self.fields["organisation"].required = False
        if self.instance.pk and self.instance.commune_id:
            self.initial.setdefault("commune_code", self.instance.commune.code)

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        validate_siret(siret)
        return siret

    def clean_commune_code(self):
        code = self.cleaned_data["commune_code"].strip()
        if not code:
            return None
        try:
            return commune_actuelle(code)
        except CommuneRefusee as refus:
            raise forms.ValidationError(refus.message) from None


class AttributionForm(forms.Form):
    entreprise = forms.ModelChoiceField(
        queryset=Entreprise.objects.order_by("nom"), label="Entreprise"
    )
    role = forms.ChoiceField(choices=Attribution.Role.choices, label="Rôle sur le lot")


class DecpForm(forms.Form):
    fichier = DocumentField(
        allowed_types=("json",),
        label="Fichier DECP v2 (JSON)",
        help_text="Données essentielles de la commande publique au format JSON du schéma 2.0 "
        "(par exemple l'extrait du Département sur data.gouv.fr).",
    )


class DecpSuivreForm(forms.Form):
    siret = forms.CharField(widget=forms.HiddenInput, max_length=14)
    nom = forms.CharField(label="Nom de l'acheteur", max_length=200)
    categorie = forms.ChoiceField(label="Catégorie", choices=DonneurOrdre.Categorie.choices)


class DonneurOrdreForm(forms.ModelForm):
    class Meta:
        model = DonneurOrdre
        fields = ["nom", "categorie", "organisation", "suivi"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            type=Organisation.Type.ENTREPRISE
        ).order_by("nom")
        self.fields["organisation"].label = "Compte de l'acheteur sur la plateforme"
