import pytest

from territoires.ui import branding


@pytest.fixture(autouse=True)
def _forget_departement_names():
    # The name of the Département is kept once found: each test starts from scratch.
    branding._departement_names.clear()
    yield
    branding._departement_names.clear()
