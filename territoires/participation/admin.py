"""Campaigns prepared in the administration (authorised agents, second factor required).

The rules (budget, dates of the vote, method, enveloppes) are refused by the model from the
opening of the vote: the form shows it as an error.
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
