from django.urls import path

from .views import (
    campagnes,
    franceconnect,
    idees,
    projets,
    realisations,
    resultats,
    vote,
    voter,
)

app_name = "participation"
urlpatterns = [
    path("", campagnes.campagnes, name="campagnes"),
    path("profil/", idees.profil, name="profil"),
    path("franceconnect/retour/", franceconnect.franceconnect_retour, name="franceconnect_retour"),
    path("idees/<int:idee_id>/", idees.idee, name="idee"),
    path("idees/<int:idee_id>/photos/<uuid:document_id>/", idees.idee_photo, name="idee_photo"),
    path("idees/<int:idee_id>/moderer/", idees.moderer, name="moderer"),
    path("idees/<int:idee_id>/analyser/", projets.analyser, name="analyser"),
    path("realisations/<int:realisation_id>/", realisations.realisation, name="realisation"),
    path(
        "realisations/<int:realisation_id>/photos/<int:photo_id>/",
        realisations.photo_realisation,
        name="photo_realisation",
    ),
    path(
        "realisations/<int:realisation_id>/modifier/",
        realisations.realisation_modifier,
        name="realisation_modifier",
    ),
    path("<slug:campagne_slug>/", campagnes.campagne, name="campagne"),
    path("<slug:campagne_slug>/projets/", projets.projets, name="projets"),
    path("<slug:campagne_slug>/projets/<int:projet_id>/", projets.projet, name="projet"),
    path("<slug:campagne_slug>/idees/", idees.idees, name="idees"),
    path("<slug:campagne_slug>/proposer/", idees.proposer, name="proposer"),
    path("<slug:campagne_slug>/voter/", voter.voter, name="voter"),
    path("<slug:campagne_slug>/voter/bulletin/", voter.bulletin, name="bulletin"),
    path("<slug:campagne_slug>/voter/recapitulatif/", voter.recapitulatif, name="recapitulatif"),
    path("<slug:campagne_slug>/voter/a-vote/", voter.a_vote, name="a_vote"),
    path("<slug:campagne_slug>/franceconnect/", franceconnect.franceconnect, name="franceconnect"),
    path("<slug:campagne_slug>/resultats/", resultats.resultats, name="resultats"),
    path("<slug:campagne_slug>/urne/<int:urne_id>/", resultats.urne_export, name="urne_export"),
    path("<slug:campagne_slug>/participation/", resultats.chiffres, name="chiffres"),
    path("<slug:campagne_slug>/suivi/", realisations.suivi, name="suivi"),
    path("<slug:campagne_slug>/evaluation.pdf", resultats.evaluation_pdf, name="evaluation"),
    path("<slug:campagne_slug>/gestion/", campagnes.gestion, name="gestion"),
    path("<slug:campagne_slug>/gestion/projets/", projets.projet_nouveau, name="projet_nouveau"),
    path("<slug:campagne_slug>/gestion/selection/", projets.selection, name="selection"),
    path("<slug:campagne_slug>/gestion/vote-papier/", vote.vote_papier, name="vote_papier"),
    path("<slug:campagne_slug>/gestion/codes/", vote.codes, name="codes"),
    path(
        "<slug:campagne_slug>/gestion/resultats/",
        resultats.resultats_calculer,
        name="resultats_calculer",
    ),
    path(
        "<slug:campagne_slug>/gestion/realisations/",
        realisations.realisations_creer,
        name="realisations_creer",
    ),
]
