from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("territoires.ui.urls")),
    # Pilotage serves the territory pages (/territoires/communes/…) before the referentiel.
    path("", include("territoires.pilotage.urls")),
    path("territoires/", include("territoires.referentiel.urls")),
    path("comptes/", include("territoires.comptes.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("ingenierie/", include("territoires.ingenierie.urls")),
    path("aides/", include("territoires.aides.urls")),
    path("clauses/", include("territoires.clauses.urls")),
    path("budget-participatif/", include("territoires.participation.urls")),
    path("appels/", include("territoires.appels.urls")),
    path("donnees/", include("territoires.opendata.urls")),
    path("api/", include("territoires.api.urls")),
    # documents/, notifications/, taches/
    path("", include("territoires.core.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "territoires.ui.views.page_not_found"
handler403 = "territoires.ui.views.permission_denied"
handler500 = "territoires.ui.views.server_error"
