"""The open-data part of `territoires demo charger`."""

from io import StringIO

import pytest

from territoires.comptes.demo import demo_load
from territoires.opendata import demo
from territoires.opendata.models import JeuDeDonnees
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

pytestmark = pytest.mark.django_db


def test_the_commune_and_the_epci_publish_their_datasets_once():
    departement = DepartementFactory(code="32", nom="Gers")
    epci = EpciFactory(nom="CC de la Ténarèze", departements=[departement])
    CommuneFactory(code="32208", nom="Lectoure", departement=departement, epci=epci)
    CommuneFactory(code="32013", nom="Auch", departement=departement, epci=epci)
    report = demo_load(departement_code="32")
    out = StringIO()
    demo.charger(organisations=report.organisations, stdout=out)
    assert "3 jeux de données" in out.getvalue()
    jeux = {j.titre: j for j in JeuDeDonnees.objects.all()}
    sport = jeux["Équipements sportifs"]
    assert sport.statut == JeuDeDonnees.Statut.PUBLIE
    version = sport.ressources.get().version_courante
    assert (version.encodage, version.separateur, version.nb_lignes) == ("cp1252", ";", 8)
    types = {c["nom"]: c["type"] for c in version.colonnes}
    assert types["latitude"] == "latitude" and types["surface_m2"] == "decimal"
    media = jeux["Fréquentation de la médiathèque"]
    assert media.statut == JeuDeDonnees.Statut.PUBLIE
    assert media.ressources.get().graphique == {"type": "lignes", "x": "mois", "y": "entrees"}
    verre = jeux["Points d'apport volontaire du verre"]
    assert verre.statut == JeuDeDonnees.Statut.EN_MODERATION
    assert verre.organisation == report.organisations["epci"]

    demo.charger(organisations=report.organisations, stdout=StringIO())
    assert JeuDeDonnees.objects.count() == 3
