"""Weight of the pages (issue 13): every dashboard, map and territory page stays under
150 KB of HTML on the demo (all the communes of the Gers, the demo accounts), and none embeds
contours any more (they are static files, `referentiel/contours/`, fetched once)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from territoires.comptes.models import User
from territoires.participation.models import Campagne
from territoires.referentiel.models import Canton, Commune, Epci
from tests.comptes.factories import login

pytestmark = pytest.mark.django_db

POIDS_MAX = 150_000
GABARITS = Path(__file__).resolve().parents[2] / "territoires"


def _pages() -> list[tuple[str | None, str]]:
    """(demo account or None for the public, URL) of every page to weigh."""
    maire = User.objects.get(email="maire@territoires.test")
    commune = maire.membres.filter(organisation__commune__isnull=False).first().organisation.commune
    epci = Epci.objects.filter(communes__code=commune.code).first() or Epci.objects.first()
    campagne = Campagne.objects.order_by("pk").first()
    carte = reverse("pilotage:carte")
    pages = [
        ("instructeur", reverse("aides:tableau")),
        ("conseiller", reverse("ingenierie:tableau_de_bord")),
        ("facilitateur", reverse("clauses:bilan")),
        (None, reverse("clauses:chiffres")),
        (None, reverse("participation:chiffres", args=[campagne.slug])),
        (None, reverse("pilotage:chiffres")),
        (None, carte),
        (None, f"{carte}?indicateur=aides.montant_accorde&depuis=2017&jusqu_a=2030"),
        (None, f"{carte}?indicateur=ingenierie.demandes&echelle=epci&depuis=2017&jusqu_a=2030"),
        ("direction", f"{carte}?indicateur=aides.montant_verse&depuis=2017&jusqu_a=2030"),
        ("chef.service", reverse("ui:home")),
        ("direction", reverse("ui:home")),
        ("elu", reverse("ui:home")),
        (None, commune.get_absolute_url()),
        ("direction", commune.get_absolute_url()),
        ("direction", epci.get_absolute_url()),
    ]
    canton = Canton.objects.filter(communes=commune).first() or _canton_de(commune)
    pages.append(("direction", reverse("pilotage:canton", args=[canton.code])))
    return pages


def _canton_de(commune) -> Canton:
    """The demo imports no cantons: one of 40 communes around the demo commune (the largest
    cantons of the Gers have about that many)."""
    canton = Canton.objects.create(
        code="3299", nom="Canton de mesure", departement=commune.departement
    )
    voisines = Commune.objects.filter(departement=commune.departement, type=commune.type)
    canton.communes.set([commune, *voisines.exclude(pk=commune.pk).order_by("code")[:39]])
    return canton


def test_every_dashboard_and_territory_page_weighs_less_than_150_kb(client):
    call_command("referentiel_import", departements=["32"], verbosity=0)
    call_command("demo_charger", verbosity=0)
    assert Commune.objects.filter(departement__code="32").count() > 400  # the whole Gers
    poids, trop_lourdes = {}, []
    for compte, url in _pages():
        client.logout()
        if compte:
            login(client, User.objects.get(email=f"{compte}@territoires.test"))
        response = client.get(url)
        assert response.status_code == 200, (compte, url, response.status_code)
        poids[(compte, url)] = len(response.content)
        assert b'"coordinates"' not in response.content, f"contours embarqués : {url}"
        if len(response.content) >= POIDS_MAX:
            trop_lourdes.append(f"{url} ({compte or 'public'}) : {len(response.content)} octets")
    assert not trop_lourdes, "\n".join(trop_lourdes)
    assert min(poids.values()) > 1_000  # real pages were weighed


def test_no_template_embeds_contours():
    """The contours travel as static files: no template builds GeoJSON features inline."""
    for gabarit in GABARITS.rglob("templates/**/*.html"):
        texte = gabarit.read_text(encoding="utf-8")
        assert "commune_features" not in texte and '"coordinates"' not in texte, gabarit
