from territoires.opendata.models import Theme
from territoires.opendata.services import themes_ensure


def test_the_themes_come_back_after_a_flush_and_keep_an_admins_label(db):
    Theme.objects.exclude(slug="sport").delete()
    Theme.objects.filter(slug="sport").update(libelle="Sports")
    themes_ensure()
    assert Theme.objects.count() == 12
    assert Theme.objects.get(slug="sport").libelle == "Sports"
    assert Theme.objects.get(slug="culture").libelle == "Culture, patrimoine et tourisme"
