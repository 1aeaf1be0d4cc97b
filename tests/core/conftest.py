import pytest

from territoires.comptes.models import Organisation, Role
from tests.comptes.factories import EntrepriseFactory, MembreFactory, UserFactory


@pytest.fixture
def make_user(db):
    def make(**fields):
        return UserFactory(**fields)

    return make


@pytest.fixture
def make_organisation(db):
    """An organisation that needs no territory (a company unless `type` says otherwise)."""

    def make(type=Organisation.Type.ENTREPRISE, **fields):
        return EntrepriseFactory(type=type, **fields)

    return make


@pytest.fixture
def member_of(make_user):
    def make(organisation, role=Role.AGENT, **fields):
        return MembreFactory(organisation=organisation, role=role, user=make_user(**fields)).user

    return make


# Real processes on a shared database (fault tests, backups).
from .pannes import base_partagee, cluster_postgres, serveurs_de_taches  # noqa: E402, F401
