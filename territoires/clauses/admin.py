from django.contrib import admin

from territoires.core.dates import admin_dates

from .models import (
    ConfigurationClauses,
    ConventionAccompagnement,
    Critere,
    DonneurOrdre,
    Entreprise,
    Lot,
    Marche,
    Operation,
)


@admin.register(ConfigurationClauses)
class ConfigurationClausesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "base_etp", "delai_anonymisation_annees", "seuil_secret_statistique"]

    def has_add_permission(self, request):
        return not ConfigurationClauses.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Critere)
class CritereAdmin(admin.ModelAdmin):
    list_display = ["code", "libelle", "ordre", "donnee_sante"]


@admin.register(DonneurOrdre)
class DonneurOrdreAdmin(admin.ModelAdmin):
    list_display = ["nom", "siret", "categorie", "organisation", "suivi"]
    list_filter = ["categorie", "suivi"]
    search_fields = ["nom", "siret"]
    autocomplete_fields = ["organisation"]


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ["nom", "donneur_ordre"]
    search_fields = ["nom"]


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ["numero", "intitule", "type_clause", "heures_prescrites"]


@admin.register(Marche)
class MarcheAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["reference", "objet", "donneur_ordre", "date_notification", "statut"]
    list_filter = ["statut"]
    search_fields = ["reference", "objet"]
    readonly_fields = ["statut"]
    inlines = [LotInline]


@admin.register(Entreprise)
class EntrepriseAdmin(admin.ModelAdmin):
    list_display = ["nom", "siret", "effectif", "type_employeur", "organisation"]
    search_fields = ["nom", "siret"]
    autocomplete_fields = ["organisation"]


@admin.register(ConventionAccompagnement)
class ConventionAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["donneur_ordre", "objet", "date_signature"]


# Participants and their hours are deliberately absent from the administration: only the
# facilitator sees them, in pages whose every access is journaled.
