from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models as db_models

from territoires.core.dates import admin_dates
from territoires.core.documents import inspect_upload

from . import actes, models


class ModeleActeForm(forms.ModelForm):
    class Meta:
        model = models.ModeleActe
        fields = ["type", "fichier"]

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if isinstance(fichier, UploadedFile):
            # A template is a ZIP archive, opened whole by docxtpl: the same checks as any
            # deposited document, then the tighter limit of templates.
            inspect_upload(fichier, ["docx"])
            actes.modele_check(fichier, nom=fichier.name)
            fichier.seek(0)
        return fichier


class ParametreInline(admin.TabularInline):
    model = models.ParametreDispositif
    extra = 0


class TypePieceInline(admin.TabularInline):
    """The pieces the scheme asks for, by type (issue 14)."""

    model = models.TypePiece
    extra = 0
    fields = ["ordre", "code", "libelle", "obligatoire", "aide"]


@admin.register(models.Dispositif)
class DispositifAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["nom", "code", "service", "publie"]
    inlines = [ParametreInline, TypePieceInline]


@admin.register(models.SessionProgrammation)
class SessionAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["nom", "dispositif", "date_limite", "date_commission", "numero_deliberation"]
    list_filter = ["dispositif"]


class OperationInline(admin.TabularInline):
    model = models.OperationContrat
    extra = 0


@admin.register(models.ContratF2D)
class ContratAdmin(admin.ModelAdmin):
    list_display = ["__str__", "enveloppe"]
    inlines = [OperationInline]


@admin.register(models.Enveloppe)
class EnveloppeAdmin(admin.ModelAdmin):
    list_display = ["dispositif", "annee", "montant"]
    list_filter = ["annee"]


@admin.register(models.ConfigurationAides)
class ConfigurationAdmin(admin.ModelAdmin):
    list_display = ["nom_attribuant", "siret_attribuant"]


@admin.register(models.Dossier)
class DossierAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["numero", "intitule", "organisation", "dispositif", "statut"]
    list_filter = ["dispositif", "statut"]
    search_fields = ["numero", "intitule", "organisation__nom"]
    raw_id_fields = ["organisation", "operation", "session", "communes"]
    readonly_fields = ["statut", "version"]


@admin.register(models.ModeleActe)
class ModeleActeAdmin(admin.ModelAdmin):
    form = ModeleActeForm
    list_display = ["type", "modifie_le"]
    # Uploads are never served by URL (MEDIA_URL is None): a plain file input, no link.
    formfield_overrides = {db_models.FileField: {"widget": forms.FileInput}}


# Issue 15: the yearly session pattern of each scheme, edited with the scheme.
class ModeleSessionInline(admin.TabularInline):
    model = models.ModeleSession
    extra = 0


DispositifAdmin.inlines = [*DispositifAdmin.inlines, ModeleSessionInline]
DispositifAdmin.list_display = [*DispositifAdmin.list_display, "limite_incluse"]
