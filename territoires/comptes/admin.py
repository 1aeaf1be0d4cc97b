from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from territoires.core.dates import admin_dates

from .forms import OrganisationForm
from .models import DemandeRattachement, Invitation, Membre, Organisation, User


class MembreInline(admin.TabularInline):
    model = Membre
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "fonction", "actif", "date_debut", "date_fin"]


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined", "proconnect_sub", "proconnect_siret"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "frequence_notifications")}),
        ("ProConnect", {"fields": ("proconnect_sub", "proconnect_siret")}),
        (
            "Droits",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembreInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["nom", "type", "siren", "siret", "actif"]
    list_filter = ["type", "actif"]
    search_fields = ["nom", "siren", "siret"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["commune", "epci", "departement"]


@admin.register(Membre)
class MembreAdmin(admin.ModelAdmin):
    formfield_overrides = admin_dates()
    list_display = ["user", "organisation", "role", "fonction", "actif", "date_debut", "date_fin"]
    list_filter = ["role", "actif", "organisation__type"]
    search_fields = ["user__email", "user__last_name", "organisation__nom"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "cree_le", "expire_le", "statut"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__nom"]
    readonly_fields = ["token", "cree_le", "acceptee_le", "invite_par"]
    autocomplete_fields = ["organisation"]

    def has_add_permission(self, request):
        # An invitation needs its e-mailed secret: it is created from the organisation page.
        return False


@admin.register(DemandeRattachement)
class DemandeRattachementAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "statut", "cree_le", "traitee_le"]
    list_filter = ["statut"]
    search_fields = ["user__email", "organisation__nom"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["traitee_par", "traitee_le"]
