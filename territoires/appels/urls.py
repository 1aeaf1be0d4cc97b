from django.urls import path

from .views import appels, candidatures, jury, parametrage

app_name = "appels"
urlpatterns = [
    path("", appels.liste, name="liste"),
    path("gestion/", appels.gestion, name="gestion"),
    path("gestion/nouvel-appel/", parametrage.appel_creer, name="appel_creer"),
    path("mes-candidatures/", candidatures.mes_candidatures, name="mes_candidatures"),
    path("<int:appel_id>/", appels.appel, name="appel"),
    path("<int:appel_id>/parametrer/", parametrage.parametrer, name="parametrer"),
    path("<int:appel_id>/publier/", appels.publier, name="publier"),
    path("<int:appel_id>/clore/", appels.clore, name="clore"),
    path("<int:appel_id>/candidater/", candidatures.candidater, name="candidater"),
    path("<int:appel_id>/classement/", jury.classement, name="classement"),
    path("candidatures/<int:candidature_id>/", candidatures.candidature, name="candidature"),
    path("candidatures/<int:candidature_id>/noter/", jury.noter, name="noter"),
    path("candidatures/<int:candidature_id>/decider/", jury.decider, name="decider"),
    path("candidatures/<int:candidature_id>/lettre/", jury.lettre, name="lettre"),
    path("candidatures/<int:candidature_id>/dossier/", jury.dossier, name="dossier"),
]
