"""`territoires base statistiques`: the planner's statistics exist after it ran."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tests.comptes.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_command_gathers_the_statistics_the_planner_reads():
    OrganisationFactory.create_batch(3)
    sortie = io.StringIO()
    call_command("base_statistiques", stdout=sortie)
    assert f"Statistiques de la base actualisées ({connection.vendor})" in sortie.getvalue()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'comptes_organisation'")
            assert cursor.fetchone()[0] > 0
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'comptes_organisation'")
            assert cursor.fetchone()[0] >= 3  # -1 until the table was analysed
