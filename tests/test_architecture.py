"""The layers of docs/conventions.md hold (« Couches »).

The contracts are in pyproject.toml (`[tool.importlinter]`) and `lint-imports` checks them
too: (a) core < référentiel < comptes < ui < the four domains, (b) the domains never import
each other, (c) no cycle between the modules of core, référentiel, comptes and ui.
Each forbidden import below, added to the real import graph, must break its contract.
"""

from pathlib import Path

import grimp
import pytest
from importlinter.adapters import building
from importlinter.api import read_configuration
from importlinter.cli import lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
CONTRACTS = {
    contract["id"]: contract["name"]
    for contract in read_configuration(str(PYPROJECT))["contracts_options"]
}


def lint(capsys) -> tuple[int, str]:
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    return status, capsys.readouterr().out


def test_the_import_contracts_hold(capsys):
    status, output = lint(capsys)
    assert status == 0, output
    assert set(CONTRACTS) == {"couches", "domaines", "sans-cycle"}


@pytest.mark.parametrize(
    "importer, imported, contract",
    [
        # The ground floor imports nothing above it.
        ("territoires.core.rules", "territoires.comptes.rules", "couches"),
        ("territoires.core.journal", "territoires.comptes.models", "couches"),
        ("territoires.core.middleware", "territoires.ui.branding", "couches"),
        ("territoires.referentiel.views", "territoires.comptes.access", "couches"),
        # comptes sits below ui; the platform below the domains.
        ("territoires.comptes.apps", "territoires.ui.navigation", "couches"),
        ("territoires.ui.home", "territoires.aides.selectors", "couches"),
        ("territoires.comptes.rules", "territoires.ingenierie.models", "couches"),
        # The domains are independent.
        ("territoires.aides.rules", "territoires.ingenierie.rules", "domaines"),
        ("territoires.participation.models", "territoires.clauses.models", "domaines"),
        # No cycle between modules, in a package or between packages.
        ("territoires.core.task_tracking", "territoires.core.tasks", "sans-cycle"),
        ("territoires.core.notifications", "territoires.core.tasks", "sans-cycle"),
        ("territoires.comptes.models", "territoires.comptes.services", "sans-cycle"),
        (
            "territoires.comptes.views.connexion",
            "territoires.comptes.views.invitations",
            "sans-cycle",
        ),
        (
            "territoires.referentiel.services.sync",
            "territoires.referentiel.services.cog",
            "sans-cycle",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(monkeypatch, capsys, importer, imported, contract):
    build_graph = grimp.build_graph

    def graph_with_the_import(*args, **kwargs):
        graph = build_graph(*args, **kwargs)
        graph.add_import(
            importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}"
        )
        return graph

    monkeypatch.setattr(building.grimp, "build_graph", graph_with_the_import)
    status, output = lint(capsys)
    assert status != 0, output
    broken = [line for line in output.splitlines() if line.endswith("BROKEN")]
    # An import may break several contracts (a domain importing another breaks the layers too).
    assert f"{CONTRACTS[contract]} BROKEN" in broken, output
