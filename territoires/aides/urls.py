from django.urls import path

from . import views

app_name = "aides"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("dispositifs/<slug:code>/", views.dispositif_detail, name="dispositif"),
    path("dispositifs/<slug:code>/demande/", views.dossier_nouveau, name="dossier_nouveau"),
    path("mes-dossiers/", views.mes_dossiers, name="mes_dossiers"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/modifier/", views.dossier_modifier, name="dossier_modifier"),
    path("dossiers/<int:pk>/deposer/", views.dossier_deposer, name="dossier_deposer"),
    path("dossiers/<int:pk>/message/", views.dossier_message, name="dossier_message"),
    path("dossiers/<int:pk>/document/", views.dossier_document, name="dossier_document"),
    path("dossiers/<int:pk>/versement/", views.versement_demander, name="versement_demander"),
    path("dossiers/<int:pk>/complements/", views.dossier_complements, name="dossier_complements"),
    path("dossiers/<int:pk>/instruire/", views.dossier_instruire, name="dossier_instruire"),
    path("dossiers/<int:pk>/annotation/", views.dossier_annotation, name="dossier_annotation"),
    path("dossiers/<int:pk>/avis/", views.dossier_avis, name="dossier_avis"),
    path("dossiers/<int:pk>/proposer/", views.dossier_proposer, name="dossier_proposer"),
    path("dossiers/<int:pk>/viser/", views.dossier_viser, name="dossier_viser"),
    path("dossiers/<int:pk>/programmer/", views.dossier_programmer, name="dossier_programmer"),
    path("dossiers/<int:pk>/etat/", views.dossier_transition, name="dossier_transition"),
    path("dossiers/<int:pk>/acte-signe/", views.acte_signe, name="acte_signe"),
    path(
        "dossiers/<int:pk>/actes/<slug:type>.<slug:format>",
        views.acte_telecharger,
        name="acte",
    ),
    path("avis/<int:pk>/repondre/", views.avis_repondre, name="avis_repondre"),
    path("avis/<int:pk>/relancer/", views.avis_relancer, name="avis_relancer"),
    path("versements/<int:pk>/payer/", views.versement_payer, name="versement_payer"),
    path("instruction/", views.instruction, name="instruction"),
    path("instruction/export.<slug:format>", views.instruction_export, name="instruction_export"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("tableau-de-bord/", views.tableau, name="tableau"),
    path("donnees/subventions.csv", views.scdl_export, name="scdl"),
]
