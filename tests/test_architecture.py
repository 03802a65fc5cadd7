"""The app graph runs one way and apps meet only at their facades (issue 12): the contracts `make lint` runs
(tools/lint/contracts.py, configured in pyproject.toml) refuse what they must, on small graphs made here."""

from __future__ import annotations

import grimp
import pytest
from tools.lint.contracts import FacadeContract, NoInnerImportsContract


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_module(importer)
        graph.add_module(imported)
        graph.add_import(
            importer=importer, imported=imported, line_number=3, line_contents=f"import {imported}"
        )
    return graph


def _facades() -> FacadeContract:
    return FacadeContract(
        name="facades",
        session_options={"root_packages": ["ecopermit"]},
        contract_options={
            "apps": ["registry", "cases", "accounts"],
            "public": ["facade", "vocab", "facts"],
            "extra_public": ["accounts.roles"],
            "exempt_importers": ["demo"],
        },
    )


@pytest.mark.parametrize(
    ("importer", "imported", "kept"),
    [
        ("ecopermit.cases.views", "ecopermit.registry.facade", True),
        ("ecopermit.cases.views", "ecopermit.registry.vocab", True),
        ("ecopermit.cases.views", "ecopermit.accounts.roles", True),
        ("ecopermit.cases.views", "ecopermit.core.models", True),  # the kernel is public
        ("ecopermit.cases.views", "ecopermit.cases.models", True),  # inside its own app
        ("ecopermit.cases.tests.test_x", "ecopermit.registry.models", True),  # tests reach inside
        ("ecopermit.demo.services", "ecopermit.registry.models", True),  # the demo loader too
        ("ecopermit.cases.views", "ecopermit.registry.models", False),
        ("ecopermit.cases.services", "ecopermit.registry.selectors", False),
        ("ecopermit.registry.facade", "ecopermit.accounts.models", False),
    ],
)
def test_the_facade_contract(importer, imported, kept):
    check = _facades().check(_graph((importer, imported)), verbose=False)
    assert check.kept is kept
    if not kept:
        assert check.metadata["violations"][0][:2] == (importer, imported)


def test_an_inner_import_of_another_app_breaks_the_contract_unless_it_says_why(tmp_path, monkeypatch):
    import tools.lint.contracts as contracts

    src = tmp_path / "src" / "ecopermit"
    (src / "cases").mkdir(parents=True)
    (src / "cases" / "views.py").write_text(
        "def a():\n    from ecopermit.registry.models import Facility\n"
        "def b():\n    from ecopermit.registry.facade import x  # lazy: measured start-up\n"
        "def c():\n    from ecopermit.cases.models import Case\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(contracts, "__file__", str(tmp_path / "tools" / "lint" / "contracts.py"))
    contract = NoInnerImportsContract(
        name="inner", session_options={"root_packages": ["ecopermit"]}, contract_options={}
    )
    graph = _graph(("ecopermit.cases.views", "ecopermit.registry.models"))
    check = contract.check(graph, verbose=False)
    assert not check.kept
    assert check.metadata["violations"] == [
        ("ecopermit.cases.views", 2, "from ecopermit.registry.models import Facility")
    ]
