"""The layers of docs/conventions.md hold (« Couches »).

The contracts are in pyproject.toml (`[tool.importlinter]`) and `lint-imports` checks them
too: (a) core < référentiel < comptes < ui < the four domains, (b) the domains never import
each other. (c) No two modules of the package import each other, directly or through others
(a strongly connected component of the module graph, built by grimp, is a cycle). Each
forbidden import below, added to the real import graph, must break its rule.
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
    assert set(CONTRACTS) == {"couches", "domaines"}


def module_cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_no_import_cycle_between_modules():
    assert module_cycles(grimp.build_graph("territoires")) == []


@pytest.mark.parametrize(
    "importer, imported, contract",
    [
        # The ground floor imports nothing above it.
        ("territoires.core.rules", "territoires.comptes.rules", "couches"),
        ("territoires.core.journal", "territoires.comptes.models", "couches"),
        ("territoires.core.middleware", "territoires.ui.branding", "couches"),
        ("territoires.referentiel.views", "territoires.comptes.rules", "couches"),
        # comptes sits below ui; the platform below the domains.
        ("territoires.comptes.apps", "territoires.ui.navigation", "couches"),
        ("territoires.ui.home", "territoires.aides.selectors", "couches"),
        ("territoires.comptes.rules", "territoires.ingenierie.models", "couches"),
        # The domains are independent.
        ("territoires.aides.rules", "territoires.ingenierie.rules", "domaines"),
        ("territoires.participation.models", "territoires.clauses.models", "domaines"),
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


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("territoires.core.task_tracking", "territoires.core.tasks"),
        ("territoires.core.notifications", "territoires.core.tasks"),
        ("territoires.comptes.models", "territoires.comptes.services"),
        (
            "territoires.comptes.views.connexion",
            "territoires.comptes.views.invitations",
        ),
        (
            "territoires.referentiel.services.sync",
            "territoires.referentiel.services.cog",
        ),
    ],
)
def test_an_import_back_makes_a_cycle(importer, imported):
    graph = grimp.build_graph("territoires")
    graph.add_import(importer=importer, imported=imported)
    assert any(importer in cycle and imported in cycle for cycle in module_cycles(graph))
