from django.contrib import admin

from territoires.core.dates import admin_dates

from . import models
from .selectors import mission_staff_users


@admin.register(models.ConfigurationIngenierie)
class ConfigurationIngenierieAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mission", "delai_inactivite_jours", "activer_adhesions"]


@admin.register(models.Secteur)
class SecteurAdmin(admin.ModelAdmin):
    """One advisor per intercommunalité, named on the new requests of its territory."""

    list_display = ["epci", "conseiller"]
    list_select_related = ["epci", "conseiller"]
    search_fields = ["epci__nom", "conseiller__email", "conseiller__last_name"]
    raw_id_fields = ["epci"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "conseiller":
            kwargs["queryset"] = mission_staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.Domaine)
class DomaineAdmin(admin.ModelAdmin):
    list_display = ["nom", "partenaire", "ordre", "actif"]
    list_editable = ["ordre", "actif"]


@admin.register(models.Nature)
class NatureAdmin(admin.ModelAdmin):
    list_display = ["nom", "ordre", "actif", "ouverte_aux_non_adherents", "payante"]


@admin.register(models.Partenaire)
class PartenaireAdmin(admin.ModelAdmin):
    list_display = ["nom", "courriel", "actif"]


@admin.register(models.Sollicitation)
class SollicitationAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["numero", "sujet", "organisation", "statut", "referent", "deposee_le"]
    list_filter = ["statut", "domaine", "nature"]
    search_fields = ["numero", "sujet", "organisation__nom"]
    raw_id_fields = ["organisation", "epci", "communes", "referent", "conseillers", "saisie_par",
                     "fusionnee_dans"]  # fmt: skip
    readonly_fields = ["statut"]


@admin.register(models.Ressource)
class RessourceAdmin(admin.ModelAdmin):
    list_display = ["titre", "type", "publiee"]
    list_filter = ["type", "publiee", "domaines"]
    search_fields = ["titre", "description"]
    raw_id_fields = ["document"]


@admin.register(models.Relance)
class RelanceAdmin(admin.ModelAdmin):
    list_display = ["type", "destinataire", "sollicitation", "evenement", "envoyee_le"]
    list_filter = ["type"]
    raw_id_fields = ["destinataire", "sollicitation"]


@admin.register(models.RelanceRefusee)
class RelanceRefuseeAdmin(admin.ModelAdmin):
    list_display = ["destinataire", "type", "cree_le"]
    list_filter = ["type"]
    raw_id_fields = ["destinataire"]


@admin.register(models.BaremeAdhesion)
class BaremeAdhesionAdmin(admin.ModelAdmin):
    list_display = ["annee", "population_min", "population_max", "montant"]


@admin.register(models.Adhesion)
class AdhesionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "annee", "montant", "statut"]
    list_filter = ["annee", "statut"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["statut"]  # changed by its transitions, from the list of adhesions


@admin.register(models.Prestation)
class PrestationAdmin(admin.ModelAdmin):
    list_display = ["libelle", "phase", "tarif", "prix_ht", "actif"]


@admin.register(models.Atelier)
class AtelierAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["titre", "theme", "date"]
    raw_id_fields = ["organisations", "participants"]
