from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.campagnes, name="campagnes"),
    path("profil/", views.profil, name="profil"),
    path("franceconnect/retour/", views.franceconnect_retour, name="franceconnect_retour"),
    path("idees/<int:idee_id>/", views.idee, name="idee"),
    path("idees/<int:idee_id>/photos/<uuid:document_id>/", views.idee_photo, name="idee_photo"),
    path("idees/<int:idee_id>/moderer/", views.moderer, name="moderer"),
    path("idees/<int:idee_id>/analyser/", views.analyser, name="analyser"),
    path("realisations/<int:realisation_id>/", views.realisation, name="realisation"),
    path(
        "realisations/<int:realisation_id>/photos/<int:photo_id>/",
        views.photo_realisation,
        name="photo_realisation",
    ),
    path(
        "realisations/<int:realisation_id>/modifier/",
        views.realisation_modifier,
        name="realisation_modifier",
    ),
    path("<slug:campagne_slug>/", views.campagne, name="campagne"),
    path("<slug:campagne_slug>/projets/", views.projets, name="projets"),
    path("<slug:campagne_slug>/idees/", views.idees, name="idees"),
    path("<slug:campagne_slug>/proposer/", views.proposer, name="proposer"),
    path("<slug:campagne_slug>/voter/", views.voter, name="voter"),
    path("<slug:campagne_slug>/franceconnect/", views.franceconnect, name="franceconnect"),
    path("<slug:campagne_slug>/resultats/", views.resultats, name="resultats"),
    path("<slug:campagne_slug>/urne/<int:urne_id>/", views.urne_export, name="urne_export"),
    path("<slug:campagne_slug>/participation/", views.chiffres, name="chiffres"),
    path("<slug:campagne_slug>/suivi/", views.suivi, name="suivi"),
    path("<slug:campagne_slug>/evaluation.pdf", views.evaluation_pdf, name="evaluation"),
    path("<slug:campagne_slug>/gestion/", views.gestion, name="gestion"),
    path("<slug:campagne_slug>/gestion/projets/", views.projet_nouveau, name="projet_nouveau"),
    path("<slug:campagne_slug>/gestion/selection/", views.selection, name="selection"),
    path("<slug:campagne_slug>/gestion/vote-papier/", views.vote_papier, name="vote_papier"),
    path("<slug:campagne_slug>/gestion/codes/", views.codes, name="codes"),
    path(
        "<slug:campagne_slug>/gestion/resultats/",
        views.resultats_calculer,
        name="resultats_calculer",
    ),
    path(
        "<slug:campagne_slug>/gestion/realisations/",
        views.realisations_creer,
        name="realisations_creer",
    ),
]
