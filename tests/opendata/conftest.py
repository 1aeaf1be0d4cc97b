"""Fixtures of the open-data tests: a producer (member of a commune), a data officer."""

import pytest

from territoires.comptes.models import Role
from tests.comptes.factories import MembreFactory, OrganisationFactory, ServiceFactory


@pytest.fixture
def producteur(db):
    membre = MembreFactory(organisation=OrganisationFactory(), role=Role.AGENT)
    return membre


@pytest.fixture
def responsable(db):
    return MembreFactory(organisation=ServiceFactory(), role=Role.RESPONSABLE_DONNEES).user
