"""The `territoires` command: the project's commands start without Django's system checks
(they import the whole URL configuration, seconds at every call); Django's own `check`,
`migrate` and `runserver` keep them."""

import pytest

from territoires.__main__ import _project_command, main

pytestmark = pytest.mark.django_db


def test_the_project_commands_skip_the_checks_django_s_keep_them():
    assert _project_command("ingenierie_stats")
    assert _project_command("clauses_bilan")
    assert not _project_command("migrate")
    assert not _project_command("check")
    assert not _project_command("runserver")
    assert not _project_command("n_existe_pas")


def test_a_domain_command_runs_with_its_checks_skipped(capsys):
    from django.core import checks

    # A failing check would stop a command that runs them: this one must not even look.
    def echec(**kwargs):
        return [checks.Error("vérification lancée", id="tests.E001")]

    checks.register(echec)
    try:
        main(["territoires", "ingenierie", "stats", "--format", "json"])
    finally:
        checks.registry.registry.registered_checks.discard(echec)
    assert '"total": 0' in capsys.readouterr().out
