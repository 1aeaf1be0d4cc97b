from django.urls import path

from . import views, views_agence, views_ateliers

app_name = "ingenierie"
urlpatterns = [
    path("demandes/", views.mes_sollicitations, name="mes_sollicitations"),
    path("demandes/nouvelle/", views.sollicitation_nouvelle, name="sollicitation_nouvelle"),
    path(
        "sollicitations/<int:sollicitation_id>/", views.sollicitation_detail, name="sollicitation"
    ),
    path(
        "sollicitations/<int:sollicitation_id>/tri/",
        views.sollicitation_triage,
        name="sollicitation_triage",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/affectation/",
        views.sollicitation_affecter,
        name="sollicitation_affecter",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/etape/",
        views.sollicitation_etape,
        name="sollicitation_etape",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/note/",
        views.sollicitation_note,
        name="sollicitation_note",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/action/",
        views.sollicitation_action,
        name="sollicitation_action",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/etat/",
        views.sollicitation_transition,
        name="sollicitation_transition",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/lien/",
        views.sollicitation_lien,
        name="sollicitation_lien",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/document/",
        views.sollicitation_document,
        name="sollicitation_document",
    ),
    path(
        "sollicitations/<int:sollicitation_id>/relances/",
        views.relances_arreter,
        name="relances_arreter",
    ),
    path("relances/", views.relances_preferences, name="relances_preferences"),
    path(
        "relances/<str:jeton_relances>/",
        views.relances_preferences_jeton,
        name="relances_preferences_jeton",
    ),
    path("actions/<int:action_id>/suivi/", views.action_suivi, name="action_suivi"),
    path("file/", views.file, name="file"),
    path("file/export.csv", views.file_export, {"format": "csv"}, name="file_export_csv"),
    path("file/export.xlsx", views.file_export, {"format": "xlsx"}, name="file_export_xlsx"),
    path("chiffres/", views.tableau_de_bord, name="tableau_de_bord"),
    path("chiffres/rapport.pdf", views.rapport, {"format": "pdf"}, name="rapport_pdf"),
    path("chiffres/rapport.xlsx", views.rapport, {"format": "xlsx"}, name="rapport_xlsx"),
    path("ressources/", views.ressources, name="ressources"),
    path("ressources/nouvelle/", views.ressource_nouvelle, name="ressource_nouvelle"),
    path("ateliers/", views_ateliers.ateliers, name="ateliers"),
    path("ateliers/nouveau/", views_ateliers.atelier_nouveau, name="atelier_nouveau"),
    path("ateliers/<int:atelier_id>/", views_ateliers.atelier, name="atelier"),
    path(
        "ateliers/<int:atelier_id>/inscription/",
        views_ateliers.atelier_inscription,
        name="atelier_inscription",
    ),
    path(
        "ateliers/<int:atelier_id>/document/",
        views_ateliers.atelier_document,
        name="atelier_document",
    ),
    # Agency model (optional per instance)
    path("adhesions/", views_agence.adhesions, name="adhesions"),
    path(
        "adhesions/<int:adhesion_id>/statut/", views_agence.adhesion_statut, name="adhesion_statut"
    ),
    path(
        "sollicitations/<int:sollicitation_id>/devis/",
        views_agence.devis_ligne,
        name="devis_ligne",
    ),
    path("devis/<int:devis_id>/", views_agence.devis_action, name="devis_action"),
    path(
        "devis/lignes/<int:ligne_id>/prestation/",
        views_agence.prestation_realisee,
        name="prestation_realisee",
    ),
    path(
        "prestations/<int:prestation_realisee_id>/facture/",
        views_agence.facture_prestation,
        name="facture_prestation",
    ),
    path("factures/", views_agence.factures, name="factures"),
    path("factures/<int:facture_id>.pdf", views_agence.facture_pdf, name="facture_pdf"),
    path(
        "factures/export.csv",
        views_agence.factures_export,
        {"format": "csv"},
        name="factures_export_csv",
    ),
    path(
        "factures/export.xlsx",
        views_agence.factures_export,
        {"format": "xlsx"},
        name="factures_export_xlsx",
    ),
]
