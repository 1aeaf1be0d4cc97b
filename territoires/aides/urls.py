from django.urls import path

from .views import (
    actes,
    catalogue,
    depot,
    donnees,
    dossier,
    exports,
    instruction,
    messagerie,
    pieces,
    sessions,
    tableau,
    versements,
)

app_name = "aides"
urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("dispositifs/<slug:dispositif_code>/", catalogue.dispositif_detail, name="dispositif"),
    path(
        "dispositifs/<slug:dispositif_code>/demande/", depot.dossier_nouveau, name="dossier_nouveau"
    ),
    path("mes-dossiers/", depot.mes_dossiers, name="mes_dossiers"),
    path(
        "mes-dossiers/export.<slug:export_format>",
        exports.mes_dossiers_export,
        name="mes_dossiers_export",
    ),
    path("dossiers/<int:dossier_id>/", dossier.dossier_detail, name="dossier"),
    path("dossiers/<int:dossier_id>/modifier/", depot.dossier_modifier, name="dossier_modifier"),
    path("dossiers/<int:dossier_id>/deposer/", depot.dossier_deposer, name="dossier_deposer"),
    path(
        "dossiers/<int:dossier_id>/recapitulatif/",
        depot.dossier_recapitulatif,
        name="dossier_recapitulatif",
    ),
    path("dossiers/<int:dossier_id>/recepisse.pdf", depot.dossier_recepisse, name="recepisse"),
    path(
        "dossiers/<int:dossier_id>/pieces/<slug:type_code>/",
        pieces.piece_deposer,
        name="piece_deposer",
    ),
    path(
        "dossiers/<int:dossier_id>/pieces/<int:piece_id>/a-corriger/",
        pieces.piece_a_corriger,
        name="piece_a_corriger",
    ),
    path(
        "dossiers/<int:dossier_id>/pieces/<int:piece_id>/conforme/",
        pieces.piece_conforme,
        name="piece_conforme",
    ),
    path("dossiers/<int:dossier_id>/message/", messagerie.dossier_message, name="dossier_message"),
    path("dossiers/<int:dossier_id>/document/", depot.dossier_document, name="dossier_document"),
    path(
        "dossiers/<int:dossier_id>/versement/",
        versements.versement_demander,
        name="versement_demander",
    ),
    path(
        "dossiers/<int:dossier_id>/complements/",
        instruction.dossier_complements,
        name="dossier_complements",
    ),
    path(
        "dossiers/<int:dossier_id>/instruire/",
        instruction.dossier_instruire,
        name="dossier_instruire",
    ),
    path(
        "dossiers/<int:dossier_id>/annotation/",
        instruction.dossier_annotation,
        name="dossier_annotation",
    ),
    path("dossiers/<int:dossier_id>/avis/", instruction.dossier_avis, name="dossier_avis"),
    path(
        "dossiers/<int:dossier_id>/proposer/", instruction.dossier_proposer, name="dossier_proposer"
    ),
    path("dossiers/<int:dossier_id>/viser/", instruction.dossier_viser, name="dossier_viser"),
    path(
        "dossiers/<int:dossier_id>/refuser-visa/",
        instruction.dossier_refuser_visa,
        name="dossier_refuser_visa",
    ),
    path(
        "dossiers/<int:dossier_id>/programmer/",
        sessions.dossier_programmer,
        name="dossier_programmer",
    ),
    path(
        "dossiers/<int:dossier_id>/etat/", instruction.dossier_transition, name="dossier_transition"
    ),
    path("dossiers/<int:dossier_id>/acte-signe/", actes.acte_signe, name="acte_signe"),
    path(
        "dossiers/<int:dossier_id>/actes/<slug:acte_type>.<slug:acte_format>",
        actes.acte_telecharger,
        name="acte",
    ),
    path("dossiers/<int:dossier_id>/engager/", versements.dossier_engager, name="dossier_engager"),
    path("dossiers/<int:dossier_id>/archive.zip", exports.dossier_archive, name="dossier_archive"),
    path("avis/<int:avis_id>/repondre/", instruction.avis_repondre, name="avis_repondre"),
    path("avis/<int:avis_id>/relancer/", instruction.avis_relancer, name="avis_relancer"),
    path(
        "versements/<int:versement_id>/payer/", versements.versement_payer, name="versement_payer"
    ),
    path(
        "versements/<int:versement_id>/rejeter/",
        versements.versement_rejeter,
        name="versement_rejeter",
    ),
    path("instruction/", instruction.instruction, name="instruction"),
    path(
        "instruction/export.<slug:export_format>",
        exports.instruction_export,
        name="instruction_export",
    ),
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session"),
    path(
        "sessions/<int:session_id>/reporter/",
        sessions.session_reporter,
        name="session_reporter",
    ),
    path(
        "sessions/<int:session_id>/export.<slug:export_format>",
        exports.session_export,
        name="session_export",
    ),
    path("tableau-de-bord/", tableau.tableau, name="tableau"),
    path("donnees/subventions.csv", donnees.scdl_export, name="scdl"),
]
