"""Factories of users, organisations and memberships, and a login helper for staff.

`login(client, user)` logs the user in and, when they are Département staff or an
administrator, also confirms a TOTP device: otherwise `StaffOTPRequiredMiddleware` sends every
request to the OTP step.
"""

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum import luhn

from territoires.comptes.models import Membre, Organisation, Role, User
from territoires.comptes.rules import needs_otp
from tests.referentiel.factories import CommuneFactory, DepartementFactory, EpciFactory

PASSWORD = "mot-de-passe-de-test"


def valid_siren(n: int, prefix: str = "8") -> str:
    base = f"{prefix}{n:07d}"[-8:]
    return base + luhn.calc_check_digit(base)


def valid_siret(siren: str, establishment: int = 1) -> str:
    base = f"{siren}{establishment:04d}"
    return base + luhn.calc_check_digit(base)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Exemple"
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A commune; the subclasses below give the other types."""

    class Meta:
        model = Organisation

    type = Organisation.Type.COMMUNE
    commune = factory.SubFactory(CommuneFactory)
    nom = factory.LazyAttribute(lambda o: f"Commune de {o.commune.nom}")
    siren = factory.Sequence(lambda n: valid_siren(n, "21"))


CommuneOrganisationFactory = OrganisationFactory


class EpciOrganisationFactory(OrganisationFactory):
    type = Organisation.Type.EPCI
    commune = None
    epci = factory.SubFactory(EpciFactory)
    nom = factory.LazyAttribute(lambda o: o.epci.nom)
    siren = factory.Sequence(lambda n: valid_siren(n, "24"))


class DepartementOrganisationFactory(OrganisationFactory):
    type = Organisation.Type.DEPARTEMENT
    commune = None
    departement = factory.SubFactory(DepartementFactory)
    nom = "Département du Gers"
    siren = factory.Sequence(lambda n: valid_siren(n, "22"))


class ServiceFactory(OrganisationFactory):
    type = Organisation.Type.SERVICE
    commune = None
    departement = factory.SubFactory(DepartementFactory)
    parent = factory.SubFactory(DepartementOrganisationFactory)
    nom = factory.Sequence(lambda n: f"Service {n} du Département")
    siren = ""


class EntrepriseFactory(OrganisationFactory):
    type = Organisation.Type.ENTREPRISE
    commune = None
    nom = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(lambda n: valid_siren(n, "9"))
    siret = factory.LazyAttribute(lambda o: valid_siret(o.siren))


class OrganismePublicFactory(OrganisationFactory):
    type = Organisation.Type.ORGANISME_PUBLIC
    commune = None
    nom = factory.Sequence(lambda n: f"Syndicat {n}")
    siren = factory.Sequence(lambda n: valid_siren(n, "25"))


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.AGENT


def member(role: str = Role.AGENT, organisation: Organisation | None = None, **user_kwargs):
    """A user with one active membership; the organisation type follows the role."""
    if organisation is None:
        if role in (Role.AGENT, Role.GESTIONNAIRE):
            organisation = OrganisationFactory()
        else:
            organisation = ServiceFactory()
    return MembreFactory(role=role, organisation=organisation, user=UserFactory(**user_kwargs)).user


def totp_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)


def login(client, user: User):
    """Log in like a real user who typed their password and, if required, their TOTP code."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if needs_otp(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    # needs_otp cached the memberships on this instance: forget them, the test may add more.
    user.__dict__.pop("_membres_actifs_cache", None)
    return user
