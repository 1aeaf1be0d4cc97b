from django.contrib import admin

from .models import Document, Evenement, Notification, TacheSuivi


@admin.register(Evenement)
class EvenementAdmin(admin.ModelAdmin):
    """The journal is evidence: nobody edits or deletes it, not even an administrator."""

    list_display = ["cree_le", "action", "objet_libelle", "content_type", "acteur", "motif"]
    list_filter = ["action", "content_type"]
    search_fields = ["objet_libelle", "motif", "description", "acteur__email"]
    date_hierarchy = "cree_le"
    list_select_related = ["acteur", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["nom_original", "type_mime", "taille", "organisation", "depose_par", "cree_le"]
    list_filter = ["type_mime"]
    search_fields = ["nom_original", "sha256", "organisation__nom"]
    list_select_related = ["organisation", "depose_par"]
    readonly_fields = [
        "id",
        "fichier",
        "nom_original",
        "type_mime",
        "taille",
        "sha256",
        "depose_par",
        "content_type",
        "object_id",
        "cree_le",
    ]

    def has_add_permission(self, request):
        # Uploads go through document_upload, which checks the content.
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["titre", "destinataire", "categorie", "cree_le", "lue_le", "envoyee_le"]
    list_filter = ["categorie"]
    search_fields = ["titre", "destinataire__email"]
    list_select_related = ["destinataire"]
    raw_id_fields = ["destinataire"]


@admin.register(TacheSuivi)
class TacheSuiviAdmin(admin.ModelAdmin):
    list_display = ["libelle", "proprietaire", "statut", "fait", "total", "cree_le", "fin_le"]
    list_filter = ["statut"]
    search_fields = ["libelle", "task_result_id", "proprietaire__email"]
    list_select_related = ["proprietaire"]
    raw_id_fields = ["proprietaire"]
