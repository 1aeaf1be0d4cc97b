from django.urls import path

from . import views

app_name = "aides"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("dispositifs/<slug:dispositif_code>/", views.dispositif_detail, name="dispositif"),
    path(
        "dispositifs/<slug:dispositif_code>/demande/", views.dossier_nouveau, name="dossier_nouveau"
    ),
    path("mes-dossiers/", views.mes_dossiers, name="mes_dossiers"),
    path(
        "mes-dossiers/export.<slug:export_format>",
        views.mes_dossiers_export,
        name="mes_dossiers_export",
    ),
    path("dossiers/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:dossier_id>/modifier/", views.dossier_modifier, name="dossier_modifier"),
    path("dossiers/<int:dossier_id>/deposer/", views.dossier_deposer, name="dossier_deposer"),
    path("dossiers/<int:dossier_id>/message/", views.dossier_message, name="dossier_message"),
    path("dossiers/<int:dossier_id>/document/", views.dossier_document, name="dossier_document"),
    path(
        "dossiers/<int:dossier_id>/versement/", views.versement_demander, name="versement_demander"
    ),
    path(
        "dossiers/<int:dossier_id>/complements/",
        views.dossier_complements,
        name="dossier_complements",
    ),
    path("dossiers/<int:dossier_id>/instruire/", views.dossier_instruire, name="dossier_instruire"),
    path(
        "dossiers/<int:dossier_id>/annotation/", views.dossier_annotation, name="dossier_annotation"
    ),
    path("dossiers/<int:dossier_id>/avis/", views.dossier_avis, name="dossier_avis"),
    path("dossiers/<int:dossier_id>/proposer/", views.dossier_proposer, name="dossier_proposer"),
    path("dossiers/<int:dossier_id>/viser/", views.dossier_viser, name="dossier_viser"),
    path(
        "dossiers/<int:dossier_id>/programmer/", views.dossier_programmer, name="dossier_programmer"
    ),
    path("dossiers/<int:dossier_id>/etat/", views.dossier_transition, name="dossier_transition"),
    path("dossiers/<int:dossier_id>/acte-signe/", views.acte_signe, name="acte_signe"),
    path(
        "dossiers/<int:dossier_id>/actes/<slug:acte_type>.<slug:acte_format>",
        views.acte_telecharger,
        name="acte",
    ),
    path("dossiers/<int:dossier_id>/engager/", views.dossier_engager, name="dossier_engager"),
    path("dossiers/<int:dossier_id>/archive.zip", views.dossier_archive, name="dossier_archive"),
    path("avis/<int:avis_id>/repondre/", views.avis_repondre, name="avis_repondre"),
    path("avis/<int:avis_id>/relancer/", views.avis_relancer, name="avis_relancer"),
    path("versements/<int:versement_id>/payer/", views.versement_payer, name="versement_payer"),
    path(
        "versements/<int:versement_id>/rejeter/",
        views.versement_rejeter,
        name="versement_rejeter",
    ),
    path("instruction/", views.instruction, name="instruction"),
    path(
        "instruction/export.<slug:export_format>",
        views.instruction_export,
        name="instruction_export",
    ),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path(
        "sessions/<int:session_id>/export.<slug:export_format>",
        views.session_export,
        name="session_export",
    ),
    path("tableau-de-bord/", views.tableau, name="tableau"),
    path("donnees/subventions.csv", views.scdl_export, name="scdl"),
]
