from django import forms

from territoires.core.forms import DocumentField

from .models import ConventionAccompagnement, DonneurOrdre, Reunion


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
    class Meta:
        model = Reunion
        fields = ["type", "date", "compte_rendu"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


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

    class Meta:
        model = ConventionAccompagnement
        fields = ["donneur_ordre", "objet", "date_signature"]
        widgets = {"date_signature": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CalendrierForm(forms.Form):
    duree_mois = forms.IntegerField(
        label="Durée d'exécution (mois)",
        min_value=1,
        max_value=240,
        help_text="À partir de la notification : sert au calcul des heures attendues à date.",
    )
