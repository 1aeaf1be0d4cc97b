"""Administration of the open-data portal: themes (facets) and a read-mostly view of the
datasets. States change through the screens (journalised transitions), never here."""

from django.contrib import admin

from .models import Compteur, JeuDeDonnees, Ressource, Theme, VersionRessource


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["libelle", "slug", "theme_ue"]
    prepopulated_fields = {"slug": ["libelle"]}
    search_fields = ["libelle"]


class RessourceInline(admin.TabularInline):
    model = Ressource
    extra = 0
    fields = ["titre", "schema", "version_courante"]
    readonly_fields = ["version_courante"]
    show_change_link = True


@admin.register(JeuDeDonnees)
class JeuDeDonneesAdmin(admin.ModelAdmin):
    list_display = ["titre", "organisation", "statut", "source_module", "publie_le"]
    list_filter = ["statut", "licence", "themes"]
    search_fields = ["titre", "slug", "organisation__nom"]
    readonly_fields = ["slug", "statut", "publie_le", "source_module", "cree_le", "modifie_le"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["communes", "epcis"]
    inlines = [RessourceInline]


class VersionInline(admin.TabularInline):
    model = VersionRessource
    extra = 0
    can_delete = False
    fields = ["numero", "format", "statut", "nb_lignes", "conforme", "cree_le"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ressource)
class RessourceAdmin(admin.ModelAdmin):
    list_display = ["titre", "jeu", "schema", "version_courante"]
    search_fields = ["titre", "jeu__titre"]
    readonly_fields = ["jeu", "version_courante"]
    inlines = [VersionInline]


@admin.register(Compteur)
class CompteurAdmin(admin.ModelAdmin):
    list_display = ["jeu", "jour", "telechargements", "appels_api"]
    list_filter = ["jour"]
    readonly_fields = ["jeu", "jour", "telechargements", "appels_api"]
