from django.urls import path

from .views import connexion, inscription, invitations, organisations, rattachements

app_name = "comptes"
urlpatterns = [
    path("connexion/", connexion.login_view, name="login"),
    path("deconnexion/", connexion.logout_view, name="logout"),
    path("mot-de-passe/oublie/", connexion.password_reset, name="password_reset"),
    path("mot-de-passe/envoye/", connexion.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        connexion.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        connexion.password_reset_complete,
        name="password_reset_complete",
    ),
    path("inscription/", inscription.inscription, name="inscription"),
    path("inscription/envoyee/", inscription.inscription_envoyee, name="inscription_envoyee"),
    path("adresse/verification/<str:jeton>/", inscription.verification, name="verification"),
    path("adresse/nouveau-lien/", inscription.verification_renvoyer, name="verification_renvoyer"),
    path("verification/", connexion.otp_verify, name="otp"),
    path("verification/configuration/", connexion.otp_setup, name="otp_setup"),
    path("verification/codes-de-secours/", connexion.otp_codes, name="otp_codes"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("membres/", organisations.membres, name="membres"),
    path(
        "organisations/<int:organisation_id>/",
        organisations.organisation_detail,
        name="organisation",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/",
        invitations.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisation-courante/",
        organisations.organisation_switch,
        name="organisation_switch",
    ),
    path(
        "invitations/<int:invitation_id>/annuler/",
        invitations.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", invitations.invitation_accept, name="invitation"),
    path(
        "membres/<int:membre_id>/retirer/",
        organisations.membre_deactivate,
        name="membre_deactivate",
    ),
    path(
        "demandes/<int:demande_id>/reponse/",
        rattachements.demande_answer,
        name="demande_answer",
    ),
    path("rattachement/", rattachements.rattachement, name="rattachement"),
]
