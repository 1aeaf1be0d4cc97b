import pytest

from .factories import collectivite, mission_setup


@pytest.fixture
def mission(db):
    return mission_setup()


@pytest.fixture
def commune(db):
    return collectivite()
