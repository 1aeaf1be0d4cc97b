"""The offline commune choropleth: every commune is drawn or listed, never an error."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template.loader import render_to_string

from territoires.referentiel.maps import carte_communes_context, commune_contours
from territoires.referentiel.models import Commune

from .factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_gers_map_draws_or_lists_every_commune():
    call_command("referentiel_import", departements=["32"], verbosity=0)
    gers = dict(
        Commune.objects.filter(
            departement__code="32", type=Commune.Type.ACTUELLE, obsolete=False
        ).values_list("code", "population")
    )
    values = {**gers, "32999": 12}  # a code that no commune and no contour has
    carte = carte_communes_context(values, titre="Population", unite="habitants", departement="32")[
        "carte"
    ]

    drawn = set(carte["donnees"]["communes"])
    listed = {ligne["code"] for ligne in carte["sans_contour"]}
    assert drawn | listed == set(values)
    assert not drawn & listed
    assert "32999" in listed
    # Contours of 2018 whose code is obsolete now (mergers) are not drawn.
    assert set(commune_contours()) - set(gers) & drawn == set()
    assert len(carte["lignes"]) == len(values)
    assert carte["donnees"]["fond"].endswith("/departement-32-gers.json")
    assert carte["donnees"]["contours"] == ["/static/referentiel/contours/communes-32-gers.json"]
    assert sum(classe["effectif"] for classe in carte["classes"]) == len(values)

    html = render_to_string("referentiel/components/carte_communes.html", {"carte": carte})
    assert "commune inconnue ou obsolète (32999)" in html
    assert f'<script id="{carte["donnees_id"]}" type="application/json">' in html
    assert "<caption>Population : données de la carte</caption>" in html
    assert html.count('<th scope="row">') == len(values)
    # Values, labels and the table of 463 communes; the contours are static files.
    assert len(html.encode()) < 150_000


def test_map_of_unknown_or_contourless_codes_lists_them_without_error():
    commune = CommuneFactory(code="32998", nom="Commune nouvelle")  # no 2018 contour
    carte = carte_communes_context(
        {commune.code: 250, "00000": None}, titre="Essai", unite="habitants"
    )["carte"]
    assert carte["donnees"]["communes"] == {}
    assert carte["donnees"]["contours"] == []
    assert [ligne["code"] for ligne in carte["sans_contour"]] == ["32998", "00000"]
    html = render_to_string("referentiel/components/carte_communes.html", {"carte": carte})
    assert "Sans contour sur la carte (2)" in html
    assert "Commune nouvelle (32998) : 250 habitants" in html
    assert "non renseigné" in html
    # The embedded data is valid JSON for carte.js.
    start = html.index('type="application/json">') + len('type="application/json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["titre"] == "Essai"


def test_classes_have_a_sequential_legend():
    communes = [CommuneFactory(code=code) for code in ("32208", "32107", "32013", "32132")]
    values = {c.code: v for c, v in zip(communes, (100, 200, 3000, 40000), strict=True)}
    carte = carte_communes_context(values, titre="Population", unite="habitants")["carte"]
    labels = [classe["libelle"] for classe in carte["classes"]]
    assert labels[0] == "100 habitants"
    assert labels[-1].endswith("40\u202f000 habitants")
    assert len({classe["couleur"] for classe in carte["classes"]}) == len(labels)
    assert set(carte["donnees"]["communes"]) == set(values)


def test_contours_are_static_files_up_to_date_with_their_sources():
    """Shipped once as static files (cached by the browser), not in every page."""
    call_command("referentiel_contours", verifier=True, verbosity=0)
    CommuneFactory(code="32013")
    carte = carte_communes_context({"32013": 1}, titre="Essai", departement="32")["carte"]
    url = carte["donnees"]["contours"][0]
    path = finders.find(url.removeprefix(settings.STATIC_URL).removeprefix("/static/"))
    contours = json.loads(Path(path).read_bytes())
    codes = {feature["properties"]["code"] for feature in contours["features"]}
    assert "32013" in codes and len(codes) > 400
    # The page carries values and labels only: a few hundred bytes per commune at most.
    html = render_to_string("referentiel/components/carte_communes.html", {"carte": carte})
    assert '"coordinates"' not in html
    assert len(html.encode()) < 100_000
