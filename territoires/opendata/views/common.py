"""What the producer's and the moderation views share: object loaders and the breadcrumb."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import JeuDeDonnees, Ressource, VersionRessource


def get_jeu(request, jeu_slug):
    return get_object_or_404(JeuDeDonnees.objects.select_related("organisation"), slug=jeu_slug)


def get_ressource(request, ressource_id):
    return get_object_or_404(
        Ressource.objects.select_related("jeu__organisation", "version_courante"), pk=ressource_id
    )


def get_version(request, version_id):
    return get_object_or_404(
        VersionRessource.objects.select_related("ressource__jeu__organisation", "document"),
        pk=version_id,
    )


def breadcrumb(*items, jeu: JeuDeDonnees | None = None, ressource: Ressource | None = None):
    trail = [("Mes jeux de données", reverse("opendata:mes_jeux"))]
    if ressource is not None:
        jeu = ressource.jeu
    if jeu is not None:
        trail.append((jeu.titre, reverse("opendata:mes_jeux_jeu", args=[jeu.slug])))
    if ressource is not None:
        trail.append((ressource.titre, reverse("opendata:mes_jeux_ressource", args=[ressource.pk])))
    return trail + list(items)
