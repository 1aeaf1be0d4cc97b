"""Read-mostly admin: the référentiel comes from the import, not from hand edits."""

from django.contrib import admin

from .models import Canton, Commune, Departement, Epci, Region

READ_ONLY = ("nom_recherche", "cree_le", "modifie_le")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "obsolete")
    list_filter = ("obsolete",)
    search_fields = ("code", "nom_recherche", "nom")
    readonly_fields = READ_ONLY


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "region", "obsolete")
    list_filter = ("obsolete", "region")
    list_select_related = ("region",)
    search_fields = ("code", "nom_recherche", "nom")
    readonly_fields = READ_ONLY


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ("siren", "nom", "type", "mode_financement", "population", "obsolete")
    list_filter = ("type", "mode_financement", "obsolete", "departements")
    search_fields = ("siren", "nom_recherche", "nom")
    filter_horizontal = ("departements",)
    readonly_fields = READ_ONLY


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "type", "departement", "epci", "population", "obsolete")
    list_filter = ("type", "obsolete", "departement")
    list_select_related = ("departement", "epci")
    search_fields = ("code", "siren", "nom_recherche", "nom")
    raw_id_fields = ("commune_parente", "epci")
    readonly_fields = READ_ONLY


@admin.register(Canton)
class CantonAdmin(admin.ModelAdmin):
    """Imported from the INSEE COG files (`territoires referentiel import-cantons`)."""

    list_display = ("code", "nom", "type", "departement", "obsolete")
    list_filter = ("type", "obsolete", "departement")
    list_select_related = ("departement",)
    search_fields = ("code", "nom_recherche", "nom")
    filter_horizontal = ("communes",)
    readonly_fields = READ_ONLY
