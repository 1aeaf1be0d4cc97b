"""Issue 14 : a bar chart's label is never cut — a long one wraps on several lines."""

from django.template.loader import render_to_string

from territoires.ui.charts import bar_chart

LONG = "Communauté de communes de la Lomagne gersoise et des coteaux de l'Arrats"


def test_a_long_label_wraps_whole_and_the_chart_grows():
    court = bar_chart([{"nom": "Auch", "n": 3}], libelle="nom", valeur="n")
    long = bar_chart([{"nom": LONG, "n": 3}], libelle="nom", valeur="n")
    lignes = [texte for _, texte in long["barres"][0].etiquettes]
    assert len(lignes) > 1
    assert " ".join(lignes) == LONG
    assert long["hauteur"] > court["hauteur"]


def test_the_drawn_chart_shows_every_word_of_the_label():
    graphique = bar_chart(
        [{"nom": LONG, "n": 1352}, {"nom": "Auch", "n": 7}], libelle="nom", valeur="n"
    )
    html = render_to_string(
        "ui/components/bar_chart.html",
        {"graphique": graphique, "id": "g", "titre": "T", "entete": "EPCI", "entete_valeur": "N"},
    )
    svg = html.split("</svg>")[0]
    assert "…" not in svg
    for mot in LONG.replace("'", " ").split():
        assert mot in svg.replace("&#x27;", " ")
