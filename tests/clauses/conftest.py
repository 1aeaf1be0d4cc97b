import pytest

from tests.referentiel.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def communes(db):
    gers = DepartementFactory(code="32", nom="Gers")
    haute_garonne = DepartementFactory(code="31", nom="Haute-Garonne")
    return {
        "32013": CommuneFactory(code="32013", nom="Auch", departement=gers),
        "32208": CommuneFactory(code="32208", nom="Lectoure", departement=gers),
        "31555": CommuneFactory(code="31555", nom="Toulouse", departement=haute_garonne),
    }
