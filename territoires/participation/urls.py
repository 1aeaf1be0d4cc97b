from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.campagnes, name="campagnes"),
    path("idees/<int:pk>/", views.idee, name="idee"),
    path("idees/<int:pk>/moderer/", views.moderer, name="moderer"),
    path("idees/<int:pk>/analyser/", views.analyser, name="analyser"),
    path("realisations/<int:pk>/", views.realisation, name="realisation"),
    path(
        "realisations/<int:pk>/modifier/", views.realisation_modifier, name="realisation_modifier"
    ),
    path("<slug:slug>/", views.campagne, name="campagne"),
    path("<slug:slug>/projets/", views.projets, name="projets"),
    path("<slug:slug>/idees/", views.idees, name="idees"),
    path("<slug:slug>/proposer/", views.proposer, name="proposer"),
    path("<slug:slug>/voter/", views.voter, name="voter"),
    path("<slug:slug>/resultats/", views.resultats, name="resultats"),
    path("<slug:slug>/participation/", views.chiffres, name="chiffres"),
    path("<slug:slug>/suivi/", views.suivi, name="suivi"),
    path("<slug:slug>/evaluation.pdf", views.evaluation_pdf, name="evaluation"),
    path("<slug:slug>/gestion/", views.gestion, name="gestion"),
    path("<slug:slug>/gestion/projets/", views.projet_nouveau, name="projet_nouveau"),
    path("<slug:slug>/gestion/selection/", views.selection, name="selection"),
    path("<slug:slug>/gestion/vote-papier/", views.vote_papier, name="vote_papier"),
    path("<slug:slug>/gestion/codes/", views.codes, name="codes"),
    path("<slug:slug>/gestion/resultats/", views.resultats_calculer, name="resultats_calculer"),
    path("<slug:slug>/gestion/realisations/", views.realisations_creer, name="realisations_creer"),
]
