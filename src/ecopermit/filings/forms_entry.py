"""On-screen entry of an execution report's key tables (issue 13: "Entry on screen or by an XLSX template mirroring
those tables"): one formset per table of the template, plus the national platform's PDF and the commitment.

The screen reads into the same :class:`~ecopermit.filings.report_data.ReportData` as the XLSX template, through the
template's own columns (``report_sheets``: headers, required cells, the row builders), so that
``services.report_submit`` judges both alike and every issue names the same table, row and field.

Row numbers are the template's: the header is row 1, the first row of a table row 2. The screen shows that number
in each row's first column, so an issue's "第3行" is the row marked 3 on the page (and the same row of the XLSX).
A row left blank is ignored: an emission row without any figure (the permit's outlet and pollutant are prefilled),
a total without its amount, an operation or shutdown row with nothing typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecopermit.core.sheets import CellError, read_code
from ecopermit.core.widgets import IsoDateInput
from ecopermit.filings import report_sheets
from ecopermit.filings.report_data import Checked, Issue, ReportData

FIRST_ROW = 2  # the template's first data row (row 1 is the header), shown on screen beside each row
REQUIRED_MESSAGE = (
    "必填项，不能为空"  # the template reader's words (core.sheets), so both routes say the same
)


def _decimal(label: Any) -> forms.DecimalField:
    # Negative figures pass here: check_report refuses them by name, as it does for the XLSX.
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=18,
        decimal_places=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _text(label: Any, max_length: int) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length)


class EmissionForm(forms.Form):
    outlet_code = _text(_("Outlet code"), 20)
    pollutant_code = _text(_("Pollutant code"), 20)
    max_concentration = _decimal(_("Maximum concentration"))
    avg_concentration = _decimal(_("Average concentration"))
    actual_emission_t = _decimal(_("Actual emissions (t)"))

    figures = ("max_concentration", "avg_concentration", "actual_emission_t")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.initial.get("outlet_code") and self.initial.get("from_permit"):
            # The permit's own pairs: fixed, the enterprise types only the figures.
            for name in ("outlet_code", "pollutant_code"):
                self.fields[name].widget.attrs["readonly"] = True


class TotalForm(forms.Form):
    pollutant_code = _text(_("Pollutant code"), 20)
    actual_emission_t = _decimal(_("Actual emissions (t)"))

    figures = ("actual_emission_t",)


class OperationForm(forms.Form):
    unit_name = _text(_("Name of the production unit"), 100)
    hours_operated = _decimal(_("Hours operated"))
    fuel = _text(_("Fuel"), 50)
    fuel_amount = _decimal(_("Amount of fuel"))
    fuel_unit = _text(_("Unit of fuel"), 20)
    product = _text(_("Product"), 100)
    production_amount = _decimal(_("Amount produced"))
    production_unit = _text(_("Unit of production"), 20)

    figures = (
        "unit_name",
        "hours_operated",
        "fuel",
        "fuel_amount",
        "fuel_unit",
        "product",
        "production_amount",
        "production_unit",
    )


class ShutdownForm(forms.Form):
    start = forms.DateField(label=_("Start date"), required=False, widget=IsoDateInput())
    end = forms.DateField(label=_("End date"), required=False, widget=IsoDateInput())
    reason = _text(_("Reason for the shutdown"), 200)

    figures = ("start", "end", "reason")


class EntryForm(forms.Form):
    file = forms.FileField(
        label=_("Report exported from the national platform (PDF)"),
        required=False,
        help_text=_(
            "Required unless the whole period is a shutdown. A browser does not keep a chosen file when the page "
            "comes back with errors: choose it again."
        ),
    )
    commitment = forms.BooleanField(
        label=_("The legal representative commits that this report is true, accurate and complete"),
        required=False,
    )


@dataclass(frozen=True)
class Table:
    prefix: str
    sheet: report_sheets.Sheet
    form: type[forms.Form]
    extra: int
    title: Any
    help: Any


TABLES: tuple[Table, ...] = (
    Table(
        "emissions",
        report_sheets.EMISSIONS,
        EmissionForm,
        1,
        _("Emissions by outlet and pollutant"),
        _(
            "One row per outlet and pollutant of the permit: concentrations in mg/m³ (gas) or mg/L (water), "
            "actual emissions over the period in tonnes. A row without any figure is not submitted."
        ),
    ),
    Table(
        "totals",
        report_sheets.TOTALS,
        TotalForm,
        1,
        _("Total emissions of the facility"),
        _(
            "One row per pollutant: the facility's actual emissions over the period, in tonnes. State it yourself: "
            "it must equal the sum of the outlets above (within 0.001 t), and that is checked."
        ),
    ),
    Table(
        "operations",
        report_sheets.OPERATIONS,
        OperationForm,
        3,
        _("Operation of the production units"),
        _(
            "One row per production unit: hours operated in the period, fuel and production with their units. "
            "Blank rows are ignored."
        ),
    ),
    Table(
        "shutdowns",
        report_sheets.SHUTDOWNS,
        ShutdownForm,
        2,
        _("Shutdown periods"),
        _(
            "Only if production stopped: each period with both days included. If the whole period was a "
            "shutdown, fill in only this table and the commitment."
        ),
    ),
)
TABLES_BY_NAME: Mapping[str, Table] = {t.sheet.name: t for t in TABLES}


def initial_rows(outlets: Mapping[str, set[str]], last: ReportData | None) -> dict[str, list[dict[str, Any]]]:
    """What the tables show before anything is typed: the figures of the last version when there is one (a
    returned report is corrected, not retyped), the permit's outlet and pollutant pairs otherwise, with one
    total row per pollutant left for the enterprise to state."""
    pairs = [(o, p) for o in sorted(outlets) for p in sorted(outlets[o])]
    pollutants = sorted({p for _o, p in pairs})
    if last is None or not (last.emissions or last.operations or last.shutdowns):
        return {
            "emissions": [{"outlet_code": o, "pollutant_code": p, "from_permit": True} for o, p in pairs],
            "totals": [{"pollutant_code": p} for p in pollutants],
            "operations": [],
            "shutdowns": [],
        }
    emissions = [
        {
            "outlet_code": e.outlet_code,
            "pollutant_code": e.pollutant_code,
            "max_concentration": e.max_concentration,
            "avg_concentration": e.avg_concentration,
            "actual_emission_t": e.actual_emission_t,
            "from_permit": (e.outlet_code, e.pollutant_code) in pairs,
        }
        for e in last.emissions
    ]
    reported = {(e.outlet_code, e.pollutant_code) for e in last.emissions}
    emissions += [
        {"outlet_code": o, "pollutant_code": p, "from_permit": True}
        for o, p in pairs
        if (o, p) not in reported
    ]
    totals = [
        {"pollutant_code": t.pollutant_code, "actual_emission_t": t.actual_emission_t} for t in last.totals
    ]
    stated = {t.pollutant_code for t in last.totals}
    totals += [{"pollutant_code": p} for p in pollutants if p not in stated]
    return {
        "emissions": emissions,
        "totals": totals,
        "operations": [
            {k: v for k, v in vars(r).items() if k != "row" and v not in (None, "")} for r in last.operations
        ],
        "shutdowns": [{"start": s.start, "end": s.end, "reason": s.reason} for s in last.shutdowns],
    }


class ReportEntry:
    """The page's forms: the head (PDF, commitment) and one formset per table; ``read`` gives the data with every
    problem of the typed cells, ``mark`` puts issues beside their cells."""

    def __init__(
        self,
        *,
        initial: Mapping[str, list[dict[str, Any]]] | None = None,
        data: Any = None,
        files: Any = None,
    ) -> None:
        self.head = EntryForm(data, files)
        self.tables: list[tuple[Table, Any]] = []
        for table in TABLES:
            factory = forms.formset_factory(table.form, extra=table.extra)
            rows = (initial or {}).get(table.prefix, [])
            # Every row is cleaned, even one left as prefilled (Django would skip an "unchanged" extra row):
            # whether a row is blank is decided here, by its figures.
            formset = factory(
                data, prefix=table.prefix, initial=rows or None, form_kwargs={"empty_permitted": False}
            )
            self.tables.append((table, formset))
        self.table_issues: dict[str, list[Issue]] = {t.prefix: [] for t in TABLES}

    def _blank(self, form: forms.Form) -> bool:
        return all(not str(form[name].value() or "").strip() for name in form.figures)  # type: ignore[attr-defined]

    def _read_table(self, table: Table, formset: Any, issues: list[Issue]) -> list[Any]:
        made: list[Any] = []
        if not formset.management_form.is_valid():
            issues.append(Issue(table.sheet.name, None, "", "表格已损坏，请重新打开本页填写"))
            return made
        for index, form in enumerate(formset.forms):
            row = index + FIRST_ROW
            form.full_clean()
            if self._blank(form):
                continue
            typed: dict[str, Any] = {}
            ok = True
            for column in table.sheet.columns:
                raw = str(form[column.field].value() or "").strip()
                if column.field in form.errors:
                    message = " ".join(str(e) for e in form.errors[column.field])
                    issues.append(Issue(table.sheet.name, row, column.header, message, value=raw))
                    ok = False
                    continue
                value = form.cleaned_data.get(column.field)
                if value in (None, ""):
                    if column.required:
                        issues.append(Issue(table.sheet.name, row, column.header, REQUIRED_MESSAGE))
                        ok = False
                    continue
                if column.kind in (report_sheets.Kind.CODE, report_sheets.Kind.POLLUTANT):
                    try:
                        value = read_code(value, column.max_length)
                    except CellError as exc:
                        issues.append(Issue(table.sheet.name, row, column.header, str(exc), value=raw))
                        ok = False
                        continue
                    if column.kind == report_sheets.Kind.POLLUTANT:
                        value = value.lower()
                typed[column.field] = value
            if ok:
                made.append(table.sheet.make(typed, row))
        return made

    def read(self) -> Checked:
        """The typed tables as :class:`ReportData`, and every cell that cannot be read (a number that is not one,
        a required cell left empty in a row that is not blank) as an :class:`Issue`."""
        issues: list[Issue] = []
        self.head.full_clean()
        rows = {table.prefix: self._read_table(table, formset, issues) for table, formset in self.tables}
        data = ReportData(
            emissions=tuple(rows["emissions"]),
            totals=tuple(rows["totals"]),
            operations=tuple(rows["operations"]),
            shutdowns=tuple(rows["shutdowns"]),
            commitment=bool(self.head.cleaned_data.get("commitment")),
        )
        return Checked(data, tuple(issues))

    @staticmethod
    def on_screen(issues: Iterable[Issue]) -> tuple[Issue, ...]:
        """The issues in the screen's words: the commitment is a box to tick here, not a cell to fill with 是."""
        return tuple(
            Issue(
                issue.table, None, "", str(_("Tick the legal representative's commitment below the tables."))
            )
            if issue.table == report_sheets.COMMITMENT.name
            else issue
            for issue in issues
        )

    def mark(self, issues: Iterable[Issue]) -> None:
        """Each issue beside its cell (the row's form, the column's field); one without a row above its table."""
        for issue in issues:
            if issue.table == report_sheets.COMMITMENT.name:
                self.head.add_error("commitment", issue.message)
                continue
            table = TABLES_BY_NAME.get(issue.table)
            if table is None:
                continue  # only in the list at the top of the page
            formset = {t.prefix: f for t, f in self.tables}[table.prefix]
            index = (issue.row or 0) - FIRST_ROW
            if issue.row is None or not 0 <= index < len(formset.forms):
                self.table_issues[table.prefix].append(issue)
                continue
            form = formset.forms[index]
            column = next((c for c in table.sheet.columns if c.header == issue.field), None)
            field = column.field if column is not None else None
            if field is not None and field in form.errors:
                continue  # already beside the cell (a number that is not one)
            form.add_error(field, issue.message)

    @property
    def sections(self) -> list[dict[str, Any]]:
        return [
            {"table": table, "formset": formset, "issues": self.table_issues[table.prefix]}
            for table, formset in self.tables
        ]
