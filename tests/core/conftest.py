import itertools

import pytest
from stdnum import luhn

from territoires.comptes.models import Membre, Organisation, Role, User

_counter = itertools.count(1)


def valid_siret() -> str:
    n = next(_counter)
    siren_body = f"{70000000 + n:08d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    body = siren + f"{n % 10000:04d}"
    return body + luhn.calc_check_digit(body)


@pytest.fixture
def make_user(db):
    def make(email=None, **fields):
        email = email or f"agent{next(_counter)}@example.org"
        return User.objects.create_user(email=email, password="mot-de-passe-solide", **fields)

    return make


@pytest.fixture
def make_organisation(db):
    def make(nom="Entreprise Dupont", type=Organisation.Type.ENTREPRISE, **fields):
        return Organisation.objects.create(nom=nom, type=type, siret=valid_siret(), **fields)

    return make


@pytest.fixture
def member_of(make_user):
    def make(organisation, role=Role.AGENT, **fields):
        user = make_user(**fields)
        Membre.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make
