from django.urls import path

from .agence import views as agence
from .ateliers import views as ateliers
from .views import (
    chiffres,
    depot,
    documents,
    file,
    liens,
    presentation,
    relances,
    ressources,
    suivi,
    tri,
)
from .views import sollicitation as page

app_name = "ingenierie"
urlpatterns = [
    # The public page of the service (the home page's card leads here).
    path("presentation/", presentation.presentation, name="presentation"),
    # The collectivité's requests and filing
    path("demandes/", depot.mes_sollicitations, name="mes_sollicitations"),
    path("demandes/nouvelle/", depot.sollicitation_nouvelle, name="sollicitation_nouvelle"),
    # The request's page and what is posted from it
    path("sollicitations/<int:sollicitation_id>/", page.sollicitation_detail, name="sollicitation"),
    path(
        "sollicitations/<int:sollicitation_id>/tri/",
        tri.sollicitation_triage,
        name="sollicitation_triage",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/prise-en-charge/",
        tri.sollicitation_prendre_en_charge,
        name="sollicitation_prendre_en_charge",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/affectation/",
        tri.sollicitation_affecter,
        name="sollicitation_affecter",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/etape/",
        suivi.sollicitation_etape,
        name="sollicitation_etape",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/note/",
        suivi.sollicitation_note,
        name="sollicitation_note",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/action/",
        suivi.sollicitation_action,
        name="sollicitation_action",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/etat/",
        suivi.sollicitation_transition,
        name="sollicitation_transition",
    ),
    path("actions/<int:action_id>/suivi/", suivi.action_suivi, name="action_suivi"),
    path(
        "sollicitations/<int:sollicitation_id>/lien/",
        liens.sollicitation_lien,
        name="sollicitation_lien",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/document/",
        documents.sollicitation_document,
        name="sollicitation_document",
    ),
    # Reminders
    path(
        "sollicitations/<int:sollicitation_id>/relances/",
        relances.relances_arreter,
        name="relances_arreter",
    ),
    path("relances/", relances.relances_preferences, name="relances_preferences"),
    path(
        "relances/<str:jeton_relances>/",
        relances.relances_preferences_jeton,
        name="relances_preferences_jeton",
    ),
    # The mission: queue, exports, figures
    path("file/", file.file, name="file"),
    path("file/export.csv", file.file_export, {"format": "csv"}, name="file_export_csv"),
    path("file/export.xlsx", file.file_export, {"format": "xlsx"}, name="file_export_xlsx"),
    path("chiffres/", chiffres.tableau_de_bord, name="tableau_de_bord"),
    path("chiffres/rapport.pdf", chiffres.rapport, {"format": "pdf"}, name="rapport_pdf"),
    path("chiffres/rapport.xlsx", chiffres.rapport, {"format": "xlsx"}, name="rapport_xlsx"),
    # Resource library
    path("ressources/", ressources.ressources, name="ressources"),
    path("ressources/nouvelle/", ressources.ressource_nouvelle, name="ressource_nouvelle"),
    # Workshops of the public-procurement network
    path("ateliers/", ateliers.ateliers, name="ateliers"),
    path("ateliers/nouveau/", ateliers.atelier_nouveau, name="atelier_nouveau"),
    path("ateliers/<int:atelier_id>/", ateliers.atelier, name="atelier"),
    path(
        "ateliers/<int:atelier_id>/inscription/",
        ateliers.atelier_inscription,
        name="atelier_inscription",
    ),
    path(
        "ateliers/<int:atelier_id>/document/",
        ateliers.atelier_document,
        name="atelier_document",
    ),
    # Agency model (optional per instance)
    path("adhesions/", agence.adhesions, name="adhesions"),
    path(
        "adhesions/<int:adhesion_id>/etat/",
        agence.adhesion_transition,
        name="adhesion_transition",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/devis/",
        agence.devis_ligne,
        name="devis_ligne",
    ),
    path("devis/<int:devis_id>/", agence.devis_transition, name="devis_transition"),
    path(
        "devis/lignes/<int:ligne_id>/prestation/",
        agence.prestation_realisee,
        name="prestation_realisee",
    ),
    path(
        "prestations/<int:prestation_realisee_id>/facture/",
        agence.facture_prestation,
        name="facture_prestation",
    ),
    path("factures/", agence.factures, name="factures"),
    path("factures/<int:facture_id>.pdf", agence.facture_pdf, name="facture_pdf"),
    path(
        "factures/export.csv",
        agence.factures_export,
        {"format": "csv"},
        name="factures_export_csv",
    ),
    path(
        "factures/export.xlsx",
        agence.factures_export,
        {"format": "xlsx"},
        name="factures_export_xlsx",
    ),
]
