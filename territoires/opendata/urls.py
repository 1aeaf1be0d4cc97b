from django.urls import path

from .automatiques import views as automatiques
from .views import catalogue, dcat, jeu, moderation, publication, telechargements

app_name = "opendata"

urlpatterns: list = [
    # The public catalogue, the page of a dataset and its downloads.
    path("", catalogue.catalogue, name="catalogue"),
    path("jeux/<slug:slug>/", jeu.jeu, name="jeu"),
    path(
        "jeux/<slug:slug>/ressources/<int:pk>/telecharger.<str:format>",
        telechargements.telecharger,
        name="telecharger",
    ),
    # The producer's space (« Mes jeux de données »).
    path("mes-jeux/", publication.mes_jeux, name="mes_jeux"),
    path("mes-jeux/nouveau/", publication.jeu_creer, name="jeu_creer"),
    path("mes-jeux/<slug:jeu_slug>/", publication.mes_jeux_jeu, name="mes_jeux_jeu"),
    path("mes-jeux/<slug:jeu_slug>/modifier/", publication.jeu_modifier, name="jeu_modifier"),
    path("mes-jeux/<slug:jeu_slug>/publier/", publication.jeu_publier, name="jeu_publier"),
    path(
        "mes-jeux/<slug:jeu_slug>/ressources/ajouter/",
        publication.ressource_ajouter,
        name="ressource_ajouter",
    ),
    path(
        "mes-jeux/ressources/<int:ressource_id>/",
        publication.mes_jeux_ressource,
        name="mes_jeux_ressource",
    ),
    path(
        "mes-jeux/ressources/<int:ressource_id>/deposer/",
        publication.ressource_deposer,
        name="ressource_deposer",
    ),
    path(
        "mes-jeux/ressources/<int:ressource_id>/graphique/",
        publication.ressource_graphique,
        name="ressource_graphique",
    ),
    path(
        "mes-jeux/versions/<int:version_id>/",
        publication.version_apercu,
        name="version_apercu",
    ),
    path(
        "mes-jeux/versions/<int:version_id>/reprendre/",
        publication.version_reprendre,
        name="version_reprendre",
    ),
    # The data officer's moderation.
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/<slug:jeu_slug>/", moderation.moderation_jeu, name="moderation_jeu"),
    path("moderation/<slug:jeu_slug>/moderer/", moderation.moderer, name="moderer"),
    path("moderation/<slug:jeu_slug>/depublier/", moderation.depublier, name="depublier"),
    # The automatic datasets (data officer): state and « Actualiser maintenant ».
    path("automatiques/", automatiques.automatiques, name="automatiques"),
    # The catalogue in DCAT-AP, for the harvesters.
    path("catalogue.jsonld", dcat.catalogue_jsonld, name="catalogue_jsonld"),
    path("catalogue.ttl", dcat.catalogue_turtle, name="catalogue_turtle"),
]
