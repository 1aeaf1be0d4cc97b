"""Préparation des campagnes par l'administration (agents habilités, second facteur exigé).

Les règles (budget, dates du vote, méthode, enveloppes) sont refusées par le modèle dès
l'ouverture du vote : le formulaire l'affiche comme une erreur.
"""

from django.contrib import admin

from territoires.core.dates import admin_dates

from .models import Campagne, EnveloppeCampagne


class EnveloppeCampagneInline(admin.StackedInline):
    model = EnveloppeCampagne
    extra = 0
    autocomplete_fields = ["canton"]


@admin.register(Campagne)
class CampagneAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["titre", "slug", "budget_total", "vote_debut", "vote_fin", "methode"]
    prepopulated_fields = {"slug": ["titre"]}
    inlines = [EnveloppeCampagneInline]
    exclude = ["meta_pabulib"]
