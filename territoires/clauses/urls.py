from django.urls import path

from . import views

app_name = "clauses"
urlpatterns = [
    path("", views.marche_list, name="marches"),
    path("marches/<int:marche_id>/", views.marche_detail, name="marche"),
    path("marches/<int:marche_id>/bilan/", views.marche_bilan, name="marche_bilan"),
    path("marches/<int:marche_id>/etape/", views.marche_etape, name="marche_etape"),
    path("marches/<int:marche_id>/calendrier/", views.marche_calendrier, name="marche_calendrier"),
    path("marches/<int:marche_id>/reunions/", views.reunion_ajout, name="reunion_ajout"),
    path("lots/<int:lot_id>/calcul/", views.lot_calcul, name="lot_calcul"),
    path("import/", views.import_form, name="import"),
    path("import/modele.xlsx", views.import_modele, name="import_modele"),
    path("imports/<int:import_id>/", views.import_detail, name="import_detail"),
    path("donneurs/", views.donneur_list, name="donneurs"),
    path("donneurs/<int:donneur_id>/", views.donneur_modifier, name="donneur_modifier"),
    path("decp/", views.decp, name="decp"),
    path("decp/<int:decp_id>/", views.decp_detail, name="decp_detail"),
    path("decp/<int:decp_id>/suivre/", views.decp_suivre, name="decp_suivre"),
    path("bilan/", views.bilan, name="bilan"),
    path("bilan/export/", views.bilan_export, name="bilan_export"),
    path("chiffres/", views.chiffres, name="chiffres"),
    path("chiffres/donnees.json", views.chiffres_json, name="chiffres_json"),
    path("participants/", views.participant_list, name="participants"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant"),
    path("entreprises/", views.entreprise_list, name="entreprises"),
    path("entreprises/ajouter/", views.entreprise_ajout, name="entreprise_ajout"),
    path("entreprises/<int:entreprise_id>/", views.entreprise_modifier, name="entreprise_modifier"),
    path("lots/<int:lot_id>/entreprises/", views.lot_attribution, name="lot_attribution"),
    path("mes-obligations/", views.obligations, name="obligations"),
    path("conventions/", views.conventions, name="conventions"),
]
