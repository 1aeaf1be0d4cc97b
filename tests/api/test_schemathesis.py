"""schemathesis against /api/openapi.json, in process (WSGI), on a small demo world: no
server error, no answer that contradicts the schema, for generated and for real objects.

Bounded: `EXEMPLES` generated cases per operation (16 operations, well under a minute on two
shared cores)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from territoires.api.main import api
from territoires.wsgi import application
from tests.aides.factories import world
from tests.aides.test_scdl_actes import attribue
from tests.participation.factories import CampagneFactory, enveloppe, projet
from tests.referentiel.factories import CommuneFactory, EpciFactory

from .factories import catalogue

EXEMPLES = 25

# A cursor comes from a previous page and column names from the resource: a string the
# schema allows may still be refused (400, French message). Every other check applies.
SEMANTIC = {"GET /api/donnees/ressources/{ressource_id}/lignes": [positive_data_acceptance]}


@pytest.fixture
def wsgi_in_test_transaction():
    """Requests go through the real WSGI handler, which closes the database connection at
    the end of each request (`close_old_connections`): inside the test's transaction that
    would close it on PostgreSQL. Django's test client does the same disconnection."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def demo(db, settings, wsgi_in_test_transaction):
    """Published datasets with rows, aid schemes and a granted subsidy, a closed campaign
    with its projects, communes and an EPCI; no rate limit in the way."""
    settings.API_LIMITE_DEBIT = "1000000/m"
    monde = catalogue(n_lignes=40)
    aides = world()
    attribue(aides)
    campagne = CampagneFactory(slug="bp-demo", phase="realisation")
    env = enveloppe(campagne)
    projet(env, "P1", "50", titre="Aire de jeux")
    epci = EpciFactory(nom="CC de la Ténarèze", siren="200066926")
    CommuneFactory(code="32208", nom="Lectoure", epci=epci)
    return {
        "slug": "equipements",
        "ressource_id": monde["ressource"].pk,
        "dispositif_code": next(iter(aides.dispositifs.values())).code,
        "campagne_slug": campagne.slug,
        "code": "32208",
        "siren": "200066926",
    }


def _schema():
    # The document served at /api/openapi.json (test_protocole.py checks it is the same),
    # loaded without a request: the tests are generated before the database exists.
    # (`schemathesis.pytest.from_fixture` does not run under pytest 9 yet.)
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = application
    loaded.location = "/api/openapi.json"
    return loaded


schema = _schema()


@pytest.fixture
def api_schema():
    return schema


@schema.parametrize()
@settings(
    max_examples=EXEMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, demo):
    case.call_and_validate(excluded_checks=SEMANTIC.get(case.operation.label, []))


@pytest.mark.django_db
def test_every_operation_on_real_objects(api_schema, demo):
    """Each operation once with the demo's real objects (found, not 404), validated."""
    for operation in api_schema.get_all_operations():
        operation = operation.ok()
        parametres = {p.name: demo[p.name] for p in operation.path_parameters if p.name in demo}
        case = operation.Case(path_parameters=parametres)
        response = case.call_and_validate()
        assert response.status_code == 200, (operation.label, response.text[:300])
