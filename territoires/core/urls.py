from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("documents/<uuid:document_id>/", views.document_download, name="document_download"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/tout-lire/", views.notification_read_all, name="notification_read_all"),
    path(
        "notifications/<int:notification_id>/lue/",
        views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("taches/", views.task_list, name="task_list"),
    path("taches/recapitulatifs/", views.task_send_digest, name="task_send_digest"),
    path("taches/<uuid:tache_id>/", views.task_detail, name="tache_detail"),
    path("taches/<uuid:tache_id>/relancer/", views.task_relaunch, name="tache_relancer"),
]
