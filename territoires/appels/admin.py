"""The call's configuration (window, eligibility, questions, grid, jury) for administrators;
`statut` moves only by its transitions (publish from the call's page)."""

from django import forms
from django.contrib import admin

from territoires.comptes.rules import is_departement_staff

from .models import TYPES_CANDIDATS, Appel, Critere, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CritereInline(admin.TabularInline):
    model = Critere
    extra = 0


class AppelForm(forms.ModelForm):
    types_candidats = forms.MultipleChoiceField(
        label="Candidats admis", choices=TYPES_CANDIDATS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Appel
        fields = [
            "organisation", "type", "titre", "resume", "texte", "ouverture", "date_limite",
            "fuseau", "types_candidats", "note_max", "dispositif", "jury", "contact",
        ]  # fmt: skip

    def clean_jury(self):
        jury = self.cleaned_data["jury"]
        hors = [u.email for u in jury if not is_departement_staff(u)]
        if hors:
            raise forms.ValidationError(
                "Le jury réunit des agents du Département : %(liste)s n'en sont pas.",
                params={"liste": ", ".join(hors)},
            )
        return jury


@admin.register(Appel)
class AppelAdmin(admin.ModelAdmin):
    form = AppelForm
    list_display = ["titre", "type", "organisation", "date_limite", "statut"]
    readonly_fields = ["statut"]
    filter_horizontal = ["jury"]
    inlines = [QuestionInline, CritereInline]
