from django.template.loader import render_to_string

from territoires.ui.charts import bar_chart


def render(rows, **kwargs):
    graphique = bar_chart(rows, libelle="nom", valeur="heures", **kwargs)
    html = render_to_string(
        "ui/components/bar_chart.html",
        {
            "graphique": graphique,
            "id": "g",
            "titre": "Heures par type de contrat",
            "entete": "Type",
            "entete_valeur": "Heures",
        },
    )
    return graphique, html


def test_longest_bar_fills_the_width_and_the_others_are_proportional():
    graphique, _ = render([{"nom": "CDI", "heures": 1000}, {"nom": "CDD", "heures": 250}])
    cdi, cdd = graphique["barres"]
    assert cdi.largeur == 310  # the drawing width left of the labels and values
    assert abs(cdd.largeur - cdi.largeur / 4) <= 1


def test_figures_are_repeated_in_a_table_with_french_numbers():
    _, html = render([{"nom": "CDI", "heures": 40706}], unite="h")
    assert "<caption>Heures par type de contrat : données du graphique</caption>" in html
    assert '<th scope="row">CDI</th><td class="numeric">40\u00a0706 h</td>' in html
    assert 'role="img"' in html


def test_hidden_small_counts_are_shown_as_masked_and_empty_data_says_so():
    graphique, html = render([{"nom": "TH", "heures": None}])
    assert graphique["barres"][0].texte == "masqué"
    assert graphique["barres"][0].largeur == 0
    _, html = render([])
    assert "<svg" not in html
    assert "Aucune donnée" in html
