from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("territoires.ui.urls")),
    path("territoires/", include("territoires.referentiel.urls")),
    path("comptes/", include("territoires.comptes.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    # documents/, notifications/, taches/
    path("", include("territoires.core.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "territoires.ui.views.page_not_found"
handler403 = "territoires.ui.views.permission_denied"
handler500 = "territoires.ui.views.server_error"
