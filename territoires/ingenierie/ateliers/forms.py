"""Forms of the workshops."""

from django import forms

from territoires.comptes.models import Organisation
from territoires.core.dates import DateFenetreField

from .models import Atelier


class AtelierForm(forms.ModelForm):
    date = DateFenetreField(label="Date")

    class Meta:
        model = Atelier
        fields = ["titre", "theme", "date", "lieu", "description", "organisations"]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"organisations": "Les membres de ces organisations voient l'atelier."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            type=Organisation.Type.EPCI, actif=True
        ).order_by("nom")
        self.fields["organisations"].required = False
