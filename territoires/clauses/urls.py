from django.urls import path

from .views import (
    activite,
    annuaire,
    bilan,
    decp,
    demandes,
    entreprises,
    imports,
    marches,
    participants,
    presentation,
)

app_name = "clauses"
urlpatterns = [
    path("", marches.marche_list, name="marches"),
    path("marches/<int:marche_id>/", marches.marche_detail, name="marche"),
    path("marches/<int:marche_id>/bilan/", marches.marche_bilan, name="marche_bilan"),
    path("marches/<int:marche_id>/etape/", marches.marche_etape, name="marche_etape"),
    path(
        "marches/<int:marche_id>/calendrier/",
        marches.marche_calendrier,
        name="marche_calendrier",
    ),
    path(
        "marches/<int:marche_id>/environnement/",
        marches.marche_environnement,
        name="marche_environnement",
    ),
    path("marches/<int:marche_id>/reunions/", marches.reunion_ajout, name="reunion_ajout"),
    path("lots/<int:lot_id>/calcul/", marches.lot_calcul, name="lot_calcul"),
    path("lots/<int:lot_id>/entreprises/", marches.lot_attribution, name="lot_attribution"),
    path("import/", imports.import_form, name="import"),
    path("import/modele.xlsx", imports.import_modele, name="import_modele"),
    path("imports/<int:import_id>/", imports.import_detail, name="import_detail"),
    path("donneurs/", entreprises.donneur_list, name="donneurs"),
    path("donneurs/<int:donneur_id>/", entreprises.donneur_modifier, name="donneur_modifier"),
    path("decp/", decp.decp, name="decp"),
    path("decp/<int:decp_id>/", decp.decp_detail, name="decp_detail"),
    path("decp/<int:decp_id>/suivre/", decp.decp_suivre, name="decp_suivre"),
    path("bilan/", bilan.bilan, name="bilan"),
    path("bilan/export/", bilan.bilan_export, name="bilan_export"),
    path("chiffres/", bilan.chiffres, name="chiffres"),
    path("chiffres/donnees.json", bilan.chiffres_json, name="chiffres_json"),
    path("participants/", participants.participant_list, name="participants"),
    path(
        "participants/<int:participant_id>/",
        participants.participant_detail,
        name="participant",
    ),
    path("entreprises/", entreprises.entreprise_list, name="entreprises"),
    path("entreprises/ajouter/", entreprises.entreprise_ajout, name="entreprise_ajout"),
    path(
        "entreprises/<int:entreprise_id>/",
        entreprises.entreprise_modifier,
        name="entreprise_modifier",
    ),
    path("mes-obligations/", entreprises.obligations, name="obligations"),
    path("conventions/", activite.conventions, name="conventions"),
    # Requests for support received by the facilitator (seed 004).
    path("demandes/", demandes.demandes, name="demandes"),
    path("demandes/<int:demande_id>/", demandes.demande_detail, name="demande"),
    # The public page of the service (the home page's card leads here).
    path("presentation/", presentation.presentation, name="presentation"),
    # The public directory of insertion structures and companies (seed 003).
    path("annuaire/", annuaire.annuaire, name="annuaire"),
    path("annuaire.csv", annuaire.annuaire_export, {"fmt": "csv"}, name="annuaire_csv"),
    path("annuaire.xlsx", annuaire.annuaire_export, {"fmt": "xlsx"}, name="annuaire_xlsx"),
]
