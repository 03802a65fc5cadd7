"""Import-linter contracts of our own (named in pyproject.toml, run by `make lint`; issue 12).

``facades``: an app reaches another app only through its public modules: ``facade`` (calls), ``vocab`` and
``facts`` (plain values: choices and frozen dataclasses), and for accounts its authorization kernel (``access``,
``roles``, ``scope``). ``core`` is the kernel every app builds on: all of it is public. The importers exempted are
the ones whose job is to reach inside (tests, migrations, the demo loader, the test fixtures, the settings).

``no_inner_imports``: an import of another app placed inside a function is refused (it hid the circles the layers
contract now forbids); a deliberately lazy one says why on its line with ``# lazy:``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

ROOT = "ecopermit"


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == ROOT else None


def _exempt(module: str, exempt_apps: set[str]) -> bool:
    parts = module.split(".")
    return _app(module) in exempt_apps or "tests" in parts or "migrations" in parts


class FacadeContract(Contract):
    type_name = "facades"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    extra_public = fields.ListField(subfield=fields.StringField(), required=False)
    exempt_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        apps = set(self.apps)  # type: ignore[arg-type]
        public = set(self.public)  # type: ignore[arg-type]
        extra = set(self.extra_public or [])  # type: ignore[arg-type]
        exempt = set(self.exempt_importers or [])  # type: ignore[arg-type]
        violations = []
        for importer in sorted(graph.modules):
            source = _app(importer)
            if source is None or _exempt(importer, exempt):
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                target = _app(imported)
                if target is None or target == source or target not in apps:
                    continue
                sub = imported.split(".")[2]
                if sub in public or f"{target}.{sub}" in extra:
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    violations.append((importer, imported, detail["line_number"], detail["line_contents"]))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line, contents in check.metadata["violations"]:
            output.print_error(f"{importer}:{line} imports {imported} (not a facade): {contents}")
        output.new_line()
        output.print(
            "Call the other app's facade.py (or use its vocab/facts); add what you need to that facade."
        )


class NoInnerImportsContract(Contract):
    type_name = "no_inner_imports"

    exempt_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        exempt = set(self.exempt_importers or [])  # type: ignore[arg-type]
        src = Path(__file__).resolve().parents[2] / "src"
        violations = []
        for module in sorted(graph.modules):
            source = _app(module)
            if source is None or _exempt(module, exempt):
                continue
            path = src.joinpath(*module.split("."))
            path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines()
            for node in ast.walk(ast.parse(text)):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for sub in ast.walk(node):
                    if isinstance(sub, ast.ImportFrom) and sub.module and sub.level == 0:
                        target = _app(sub.module + ".x")
                        if target and target != source and "# lazy:" not in lines[sub.lineno - 1]:
                            violations.append((module, sub.lineno, lines[sub.lineno - 1].strip()))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, line, contents in check.metadata["violations"]:
            output.print_error(f"{module}:{line} imports another app inside a function: {contents}")
        output.new_line()
        output.print(
            "Import at the top of the module; if that makes a circle, the layers are wrong, not the import."
        )
