import subprocess
import sys

import pytest
from django.template import Context, Template


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "territoires", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_joins_domain_and_verb_into_one_command():
    result = run_cli("referentiel", "import", "--help")
    assert result.returncode == 0, result.stderr
    assert "--departement" in result.stdout


def test_cli_keeps_plain_django_commands():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_template_variable_fails_the_test_suite():
    # The suite runs with TERRITOIRES_STRICT_TEMPLATES=1: a typo in a template must not
    # silently print nothing.
    with pytest.raises(NameError, match="inconnue"):
        Template("Bonjour {{ utilisateur.nom }}").render(Context({}))
    assert Template("{% if absent %}oui{% else %}non{% endif %}").render(Context({})) == "non"
