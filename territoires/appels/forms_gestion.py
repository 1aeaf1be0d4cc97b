"""The service's forms: a new call, and its questions, grid and jury while in preparation."""

import datetime
import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory

from territoires.comptes.models import ROLES_DEPARTEMENT, Organisation

from .models import TYPES_CANDIDATS, Appel, Critere, Question
from .models.appel import validate_fuseau

FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]


class AppelForm(forms.ModelForm):
    """Dates are typed in the call's own time zone (`fuseau`), not the server's."""

    ouverture = forms.DateTimeField(
        label="Ouverture des candidatures",
        input_formats=FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=FORMATS[0]),
        help_text="Dans le fuseau horaire de l'appel.",
    )
    date_limite = forms.DateTimeField(
        label="Date limite de dépôt",
        input_formats=FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=FORMATS[0]),
        help_text="Dans le fuseau horaire de l'appel ; aucun dépôt à partir de cet instant.",
    )
    types_candidats = forms.MultipleChoiceField(
        label="Candidats admis", choices=TYPES_CANDIDATS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Appel
        fields = [
            "organisation", "type", "titre", "resume", "texte", "fuseau", "ouverture",
            "date_limite", "types_candidats", "note_max", "dispositif", "contact",
        ]  # fmt: skip

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None

    def clean(self):
        data = super().clean()
        fuseau = data.get("fuseau")
        try:
            validate_fuseau(fuseau or "")
        except forms.ValidationError:
            return data
        tz = zoneinfo.ZoneInfo(fuseau)
        for name in ("ouverture", "date_limite"):
            value = data.get(name)
            if isinstance(value, datetime.datetime):
                data[name] = value.replace(tzinfo=None).replace(tzinfo=tz)
        return data


QuestionFormSet = inlineformset_factory(
    Appel,
    Question,
    fields=["ordre", "libelle", "aide", "type", "choix", "obligatoire", "champ_dossier"],
    extra=2,
    can_delete=True,
    widgets={"choix": forms.Textarea(attrs={"rows": 2})},
)
CritereFormSet = inlineformset_factory(
    Appel, Critere, fields=["ordre", "libelle", "poids"], extra=2, can_delete=True
)


class JuryForm(forms.Form):
    jury = forms.ModelMultipleChoiceField(
        label="Membres du jury (agents du Département)",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jury"].queryset = (
            get_user_model()
            .objects.filter(
                membres__actif=True,
                membres__role__in=ROLES_DEPARTEMENT,
                membres__organisation__type__in=Organisation.TYPES_DEPARTEMENT,
            )
            .distinct()
            .order_by("last_name", "email")
        )
