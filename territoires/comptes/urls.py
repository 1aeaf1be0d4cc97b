from django.urls import path

from . import views

app_name = "comptes"
urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("mot-de-passe/oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("mot-de-passe/modifie/", views.password_reset_complete, name="password_reset_complete"),
    path("inscription/", views.inscription, name="inscription"),
    path("inscription/envoyee/", views.inscription_envoyee, name="inscription_envoyee"),
    path("adresse/verification/<str:jeton>/", views.verification, name="verification"),
    path("adresse/nouveau-lien/", views.verification_renvoyer, name="verification_renvoyer"),
    path("verification/", views.otp_verify, name="otp"),
    path("verification/configuration/", views.otp_setup, name="otp_setup"),
    path("verification/codes-de-secours/", views.otp_codes, name="otp_codes"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("membres/", views.membres, name="membres"),
    path(
        "organisations/<int:organisation_id>/",
        views.organisation_detail,
        name="organisation",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/",
        views.invitation_create,
        name="invitation_create",
    ),
    path("organisation-courante/", views.organisation_switch, name="organisation_switch"),
    path(
        "invitations/<int:invitation_id>/annuler/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("membres/<int:membre_id>/retirer/", views.membre_deactivate, name="membre_deactivate"),
    path("demandes/<int:demande_id>/reponse/", views.demande_answer, name="demande_answer"),
    path("rattachement/", views.rattachement, name="rattachement"),
]
