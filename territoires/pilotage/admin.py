"""The administrators set what each elected official follows (communes and canton chosen by
their name, with the admin's autocomplete: never by INSEE code).

The application's own page for it is `/pilotage/elus/` (`pilotage/elus/administration.py`,
journaled, reachable from the administrators' home page); this Django admin stays for the
platform's technical staff."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm

from territoires.comptes.rules import is_elu

from .models import SuiviElu


class SuiviEluForm(ModelForm):
    class Meta:
        model = SuiviElu
        fields = ("user", "canton", "communes", "delegation", "resume_hebdomadaire")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not is_elu(user):
            raise ValidationError(
                "Cette personne n'est pas élue départementale : donnez-lui d'abord le rôle "
                "« Élu départemental » dans l'organisation du Département."
            )
        return user


@admin.register(SuiviElu)
class SuiviEluAdmin(admin.ModelAdmin):
    form = SuiviEluForm
    list_display = ("user", "canton", "nombre_communes", "delegation", "resume_hebdomadaire")
    list_filter = ("delegation", "resume_hebdomadaire")
    list_select_related = ("user", "canton")
    search_fields = ("user__email", "user__first_name", "user__last_name", "canton__nom")
    autocomplete_fields = ("user", "canton", "communes")
    readonly_fields = ("derniere_visite", "visite_precedente", "dernier_resume_le")
    fieldsets = (
        (None, {"fields": ("user",)}),
        (
            "Territoire suivi",
            {
                "description": "Le canton quand les cantons sont importés ; sinon la liste des "
                "communes. Une délégation fait suivre un module sur tout le Département.",
                "fields": ("canton", "communes", "delegation"),
            },
        ),
        ("Courriel", {"fields": ("resume_hebdomadaire", "dernier_resume_le")}),
        ("Visites", {"fields": ("derniere_visite", "visite_precedente")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("communes")

    @admin.display(description="communes")
    def nombre_communes(self, obj) -> int:
        return len(obj.communes.all())
