"""Reading an uploaded survey workbook into typed records, collecting every problem on the way.

Nothing here writes. :func:`parse_workbook` is a generator: it yields :class:`Progress` as it reads
and returns a :class:`ParseResult` (``result = yield from parse_workbook(...)``), so callers can show
progress without threads. Every problem becomes an :class:`ImportIssue` naming the sheet, the row,
the column (letter and header), the value and what is wrong — in Chinese, by design (see the package
docstring). Reading goes on after a problem, so one upload reports all of them.

The class the brief called ``ImportError`` is :class:`ImportIssue`: it is a collected record, not a
raised exception, and ``ImportError`` would shadow the Python built-in wherever it is imported.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from openpyxl.utils import get_column_letter

from ecopermit.core import clock
from ecopermit.core.industry import IndustryCodeError, normalize_industry_code
from ecopermit.core.models import District, Park, Town
from ecopermit.core.sheets import (
    CellError,
    FileRejected,
    ImportIssue,
    column_number,
    fold,
    is_blank,
    map_headers,
    open_workbook,
    read_bool,
    read_choice,
    read_code,
    read_date,
    read_decimal,
    read_in_range,
    read_text,
    read_year,
    shown,
)
from ecopermit.registry.credit_code import CreditCodeError, validate_credit_code
from ecopermit.registry.importer.schema import (
    FACILITY,
    INSTRUCTIONS_SHEET,
    LIMIT_SHEET,
    LISTS_SHEET,
    MAX_ROWS_PER_SHEET,
    OUTLET_SHEET,
    PERMIT_SHEET,
    REGISTRATION_SHEET,
    SHEETS,
    SHEETS_BY_NAME,
    Column,
    Kind,
    Sheet,
)
from ecopermit.registry.models import Facility, Outlet, Permit, Registration

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between two progress reports
_INDUSTRY_SPLIT = re.compile(r"[,，、;；/\s]+")


# ---------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Progress:
    """How far a long step is. ``total`` is 0 when unknown (a workbook without its dimension)."""

    phase: str  # "read", "plan" or "apply"
    done: int
    total: int
    sheet: str = ""

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return max(0, min(100, int(self.done * 100 / self.total)))


@dataclass
class Record:
    """One data row: the typed values of its non-blank cells, keyed by the column's field."""

    sheet: Sheet
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)  # field -> column letter
    raw: dict[str, str] = field(default_factory=dict)  # field -> cell value as shown in reports
    ok: bool = True

    def key(self) -> tuple[Any, ...] | None:
        """The natural key, or None when a key cell could not be read."""
        try:
            return tuple(self.values[f] for f in self.sheet.natural_key)
        except KeyError:
            return None

    def issue(self, field_name: str, message: str) -> ImportIssue:
        self.ok = False
        column = self.sheet.by_field[field_name]
        return ImportIssue(
            sheet=self.sheet.name,
            row=self.row,
            column=self.letters.get(field_name, ""),
            header=column.header,
            value=self.raw.get(field_name, ""),
            message=message,
        )


@dataclass
class ParseResult:
    records: dict[str, list[Record]] = field(default_factory=dict)  # sheet key -> rows in file order
    issues: list[ImportIssue] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # sheet key -> data rows read

    @property
    def ok(self) -> bool:
        return not self.issues


# ---------------------------------------------------------------------------------------------------
# Reference data


@cache
def pollutant_codes() -> dict[str, str]:
    """HJ 212-2017 pollutant code → Chinese name, from the packaged table (``data/hj212_pollutant_codes.csv``)."""
    text = resources.files("ecopermit.registry.data").joinpath("hj212_pollutant_codes.csv").read_text("utf-8")
    return {
        row["code_2017"].strip().lower(): row["name_zh"].strip() for row in csv.DictReader(io.StringIO(text))
    }


@cache
def _pollutant_codes_2005() -> dict[str, list[str]]:
    text = resources.files("ecopermit.registry.data").joinpath("hj212_pollutant_codes.csv").read_text("utf-8")
    old: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["code_2005"].strip():
            old.setdefault(row["code_2005"].strip().lower(), []).append(row["code_2017"].strip())
    return old


@dataclass
class Places:
    """The district's towns and parks, looked up by name, alias or code."""

    towns: dict[str, Town]
    parks: dict[str, Park]
    town_by_pk: dict[int, Town]
    town_names: list[str]
    park_names: list[str]
    districts: list[District]

    @classmethod
    def load(cls) -> Places:
        towns: dict[str, Town] = {}
        all_towns = list(Town.objects.select_related("district").order_by("code"))
        for t in all_towns:
            for name in (t.code, *t.aliases, t.name):
                towns[fold(str(name))] = t
        parks: dict[str, Park] = {}
        all_parks = list(Park.objects.select_related("district").order_by("code"))
        for p in all_parks:
            for name in (p.code, p.name):
                parks[fold(name)] = p
        return cls(
            towns=towns,
            parks=parks,
            town_by_pk={t.pk: t for t in all_towns},
            town_names=[t.name for t in all_towns],
            park_names=[p.name for p in all_parks],
            districts=list(District.objects.order_by("code")),
        )

    def district_for(self, town_pk: int | None) -> District | None:
        town = self.town_by_pk.get(town_pk) if town_pk else None
        if town is not None:
            return town.district
        return self.districts[0] if len(self.districts) == 1 else None


# ---------------------------------------------------------------------------------------------------
# Cells


def _text(value: Any, column: Column) -> str:
    return read_text(value, column.max_length)


def _code(value: Any, column: Column) -> str:
    return read_code(value, column.max_length)


def _decimal(value: Any, column: Column) -> Decimal:
    return read_decimal(value, max_digits=column.max_digits, decimal_places=column.decimal_places)


def _year(value: Any) -> int:
    return read_year(value, clock.today().year + 1)


def _choice(value: Any, column: Column) -> str:
    assert column.choices is not None
    return read_choice(value, column.choices)


def _industries(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        try:
            normalize_industry_code(value)
        except IndustryCodeError as exc:
            raise CellError(str(exc)) from None
    codes: list[str] = []
    problems: list[str] = []
    for part in _INDUSTRY_SPLIT.split(unicodedata.normalize("NFKC", str(value)).strip()):
        if not part:
            continue
        try:
            code = normalize_industry_code(part)
        except IndustryCodeError as exc:
            problems.append(str(exc))
            continue
        if not code.isdigit():
            problems.append(f"行业代码“{part}”只是门类，请填写到大类（2位数字）或更细")
        elif code not in codes:
            codes.append(code)
    if problems:
        raise CellError("；".join(problems))
    if not codes:
        raise CellError("行业代码为空")
    return tuple(codes)


@dataclass(frozen=True)
class ReferenceOxygen:
    standard: str  # e.g. "GB 13271-2014"
    applies_to: str  # e.g. "燃气锅炉"
    pollutants: frozenset[str]
    value: Decimal  # %


@cache
def reference_oxygen() -> tuple[ReferenceOxygen, ...]:
    """The reference O2 contents (%) the standards set for converted limits (``data/reference_oxygen.csv``:
    GB 13271-2014 表6 and §5.2, GB 39726-2020 表1/表2 and §4.6)."""
    text = resources.files("ecopermit.registry.data").joinpath("reference_oxygen.csv").read_text("utf-8")
    return tuple(
        ReferenceOxygen(
            row["standard"],
            row["applies_to"],
            frozenset(row["pollutant_codes"].split()),
            Decimal(row["reference_o2"]),
        )
        for row in csv.DictReader(io.StringIO(text))
    )


def _squash(text: str) -> str:
    return fold(text).upper().replace(" ", "")


CONVERTED_SUFFIX = "-zs"  # a21026-Zs: the limit is on the converted value (the HJ 212 field -ZsAvg)


def _pollutant(value: Any) -> str:
    """The HJ 212-2017 code; with ``-Zs`` after it (a converted limit) the code keeps the suffix, in lower
    case, for ``_check_converted`` to split off."""
    code = fold(str(value)).lower()
    if code.endswith(CONVERTED_SUFFIX) and code[: -len(CONVERTED_SUFFIX)] in pollutant_codes():
        return code
    if code in pollutant_codes():
        return code
    hint = ""
    newer = _pollutant_codes_2005().get(code, [])
    if newer:
        hint = (
            "（这是HJ 212-2005的旧代码，2017版对应"
            + "、".join(f"{c}（{pollutant_codes().get(c.lower(), '')}）" for c in newer)
            + "）"
        )
    raise CellError(f"污染物代码“{shown(value)}”不在HJ 212-2017污染物编码表中{hint}")


def read_cell(value: Any, column: Column, places: Places) -> Any:
    """The typed value of one non-blank cell, or :class:`CellError`."""
    kind = column.kind
    if kind == Kind.TEXT:
        return _text(value, column)
    if kind == Kind.CODE:
        return _code(value, column)
    if kind == Kind.CREDIT_CODE:
        try:
            return validate_credit_code(value if not isinstance(value, str) else value.strip())
        except CreditCodeError as exc:
            raise CellError(str(exc)) from None
    if kind == Kind.INDUSTRY_LIST:
        return _industries(value)
    if kind == Kind.TOWN:
        town = places.towns.get(fold(str(value)))
        if town is None:
            known = "、".join(places.town_names) or "（系统中尚未载入镇街）"
            raise CellError(f"“{shown(value)}”不是本区的镇（街道）；可选：{known}")
        return town.pk
    if kind == Kind.PARK:
        park = places.parks.get(fold(str(value)))
        if park is None:
            known = "、".join(places.park_names) or "（系统中尚未载入园区）"
            raise CellError(f"“{shown(value)}”不是本区的园区；可选：{known}")
        return park.pk
    if kind == Kind.LATITUDE:
        return read_in_range(value, -90, 90, "纬度")
    if kind == Kind.LONGITUDE:
        return read_in_range(value, -180, 180, "经度")
    if kind == Kind.DECIMAL:
        return _decimal(value, column)
    if kind == Kind.YEAR:
        return _year(value)
    if kind == Kind.DATE:
        return read_date(value)
    if kind == Kind.BOOL:
        return read_bool(value)
    if kind == Kind.CHOICE:
        return _choice(value, column)
    if kind == Kind.POLLUTANT:
        return _pollutant(value)
    raise AssertionError(f"unknown column kind {kind}")


# ---------------------------------------------------------------------------------------------------
# The workbook


def _header_map(
    sheet: Sheet, header_row: tuple[Any, ...], issues: list[ImportIssue]
) -> dict[int, Column] | None:
    """Column index → schema column; None (and issues) when the header row is unusable."""
    return map_headers(sheet.name, sheet.columns, header_row, issues)


def _read_sheet(
    sheet: Sheet, ws: Any, places: Places, result: ParseResult, progress_base: int, total: int
) -> Generator[Progress, None, None]:
    records: list[Record] = []
    result.records[sheet.key] = records
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(is_blank(c) for c in header):
        result.rows[sheet.key] = 0
        return
    columns = _header_map(sheet, header, result.issues)
    if columns is None:
        result.rows[sheet.key] = 0
        return
    count = 0
    for row_number, values in enumerate(rows, start=2):
        if all(is_blank(v) for v in values):
            continue
        count += 1
        if count > MAX_ROWS_PER_SHEET:
            result.issues.append(
                ImportIssue(
                    sheet.name,
                    row_number,
                    "",
                    "",
                    "",
                    f"本工作表超过{MAX_ROWS_PER_SHEET}行数据的上限；请拆分成几个文件分别导入",
                )
            )
            break
        record = Record(sheet=sheet, row=row_number)
        for index, column in columns.items():
            value = values[index] if index < len(values) else None
            record.letters[column.field] = get_column_letter(index + 1)
            if is_blank(value):
                if column.required:
                    result.issues.append(record.issue(column.field, "必填项，不能为空"))
                continue
            record.raw[column.field] = shown(value)
            try:
                record.values[column.field] = read_cell(value, column, places)
            except CellError as exc:
                result.issues.append(record.issue(column.field, str(exc)))
        for column in sheet.columns:
            record.letters.setdefault(column.field, "")
            # An optional part of the key (the EIA number of an acceptance): blank is a value of its own.
            if column.field in sheet.natural_key and not column.required and column.field not in record.raw:
                record.values[column.field] = ""
        records.append(record)
        if count % PROGRESS_EVERY == 0:
            yield Progress("read", progress_base + count, total, sheet.name)
    result.rows[sheet.key] = min(count, MAX_ROWS_PER_SHEET)


def parse_workbook(content: bytes, *, max_bytes: int) -> Generator[Progress, None, ParseResult]:
    """Reads and checks the whole workbook. Yields progress; returns every record and every issue."""
    result = ParseResult()
    try:
        wb = open_workbook(content, max_bytes)
    except FileRejected as exc:
        result.issues.append(ImportIssue("", None, "", "", "", str(exc)))
        return result
    places = Places.load()
    try:
        todo: list[tuple[Sheet, Any]] = []
        for ws in wb.worksheets:
            name = ws.title.strip()
            sheet = SHEETS_BY_NAME.get(name)
            if sheet is None:
                if name not in (INSTRUCTIONS_SHEET, LISTS_SHEET):
                    result.ignored_sheets.append(ws.title)
                continue
            if sheet.key in result.records or any(s.key == sheet.key for s, _ws in todo):
                result.issues.append(ImportIssue(ws.title, None, "", "", "", "工作表重复"))
                continue
            todo.append((sheet, ws))
        # The declared dimension gives a total for the progress bar; it can be wrong, so it is then reset.
        total = sum(max((ws.max_row or 1) - 1, 0) for _s, ws in todo)
        done = 0
        order = {s.key: i for i, s in enumerate(SHEETS)}
        for sheet, ws in sorted(todo, key=lambda pair: order[pair[0].key]):
            ws.reset_dimensions()
            yield from _read_sheet(sheet, ws, places, result, done, total)
            if result.rows.get(sheet.key):
                done += result.rows[sheet.key]
                yield Progress("read", done, max(total, done), sheet.name)
    # A workbook that opens but breaks while its rows stream (damaged XML, a bad zip member).
    except Exception:
        logger.exception("survey import: workbook failed while reading rows")
        result.issues.append(
            ImportIssue(
                "", None, "", "", "", "读取Excel文件时出错，文件可能已损坏；请重新保存为.xlsx后再上传"
            )
        )
        return result
    finally:
        wb.close()
    for sheet in SHEETS:
        result.records.setdefault(sheet.key, [])
    _check_rows(result)
    _check_references(result, places)
    result.issues.sort(key=_issue_order)
    return result


def _check_converted(record: Record, result: ParseResult) -> None:
    """A limit written ``a21026-Zs`` is on the converted value (折算): the code loses the suffix, the limit is
    marked converted and needs its reference O2: filled in from the standard named in 依据 when that standard
    (and the kind of plant, when 依据 names it) sets only one for the pollutant, else required, and checked
    against the standard's values."""
    v = record.values
    code = v.get("pollutant_code")
    if code is None:
        return
    converted = code.endswith(CONVERTED_SUFFIX)
    if converted:
        code = v["pollutant_code"] = code[: -len(CONVERTED_SUFFIX)]
    v["converted"] = converted
    if not converted:
        if v.get("reference_o2") is not None:
            result.issues.append(
                record.issue(
                    "reference_o2",
                    f"基准氧含量只用于折算限值：折算限值的污染物代码写作{code}-Zs；实测浓度限值请留空",
                )
            )
        v["reference_o2"] = None
        return
    source = _squash(str(v.get("source") or ""))
    rows = [r for r in reference_oxygen() if _squash(r.standard) in source and code in r.pollutants]
    standard = rows[0].standard if rows else ""
    allowed = frozenset(r.value for r in rows)
    # 依据 naming the kind of plant too ("GB 13271-2014 表2 燃气锅炉") settles which value applies.
    named = frozenset(r.value for r in rows if _squash(r.applies_to.split()[0]) in source)
    given = v.get("reference_o2")
    shown_values = "、".join(f"{x.normalize():f}%" for x in sorted(allowed))
    if given is None and len(named or allowed) == 1:
        v["reference_o2"] = next(iter(named or allowed))
    elif given is None:
        hint = f"（{standard}规定{shown_values}）" if allowed else ""
        result.issues.append(record.issue("reference_o2", f"折算限值（{code}-Zs）须填写基准氧含量{hint}"))
    elif not Decimal(0) <= given < Decimal(21):
        result.issues.append(record.issue("reference_o2", "基准氧含量应不小于0且小于21%"))
    elif allowed and given not in allowed:
        result.issues.append(
            record.issue(
                "reference_o2",
                f"{standard}对该污染物规定的基准氧含量为{shown_values}，不是{given.normalize():f}%",
            )
        )


def _issue_order(issue: ImportIssue) -> tuple[int, int, int, str]:
    sheet = SHEETS_BY_NAME.get(issue.sheet)
    sheet_index = SHEETS.index(sheet) if sheet else -1
    return (sheet_index, issue.row or 0, column_number(issue.column), issue.message)


# ---------------------------------------------------------------------------------------------------
# Checks across cells, rows and sheets


def _check_rows(result: ParseResult) -> None:
    """Within one row (pairs of cells, date ranges) and within one sheet (duplicate keys)."""
    for sheet in SHEETS:
        seen: dict[tuple[Any, ...], int] = {}
        for record in result.records[sheet.key]:
            v = record.values
            if "lat" in sheet.by_field and ("lat" in v) != ("lon" in v):
                missing = "lon" if "lat" in v else "lat"
                if record.raw.get(missing) is None:  # a bad value is already reported
                    result.issues.append(record.issue(missing, "纬度和经度须同时填写"))
            if (
                sheet is PERMIT_SHEET
                and "issued_on" in v
                and "valid_until" in v
                and v["valid_until"] <= v["issued_on"]
            ):
                result.issues.append(
                    record.issue(
                        "valid_until", f"有效期至（{v['valid_until']}）应晚于发证日期（{v['issued_on']}）"
                    )
                )
            if (
                sheet is REGISTRATION_SHEET
                and "valid_until" in v
                and "registered_on" in v
                and v["valid_until"] < v["registered_on"]
            ):
                result.issues.append(
                    record.issue(
                        "valid_until",
                        f"有效期至（{v['valid_until']}）不能早于登记日期（{v['registered_on']}）",
                    )
                )
            if sheet is LIMIT_SHEET:
                _check_converted(record, result)
            if (
                sheet is LIMIT_SHEET
                and "valid_to" in v
                and "valid_from" in v
                and v["valid_to"] < v["valid_from"]
            ):
                result.issues.append(
                    record.issue(
                        "valid_to", f"截止日期（{v['valid_to']}）不能早于起始日期（{v['valid_from']}）"
                    )
                )
            key = record.key()
            if key is None:
                continue
            if key in seen:
                where = (
                    next(f for f in sheet.natural_key if f != "facility")
                    if len(sheet.natural_key) > 1
                    else sheet.natural_key[0]
                )
                names = "、".join(sheet.by_field[f].header for f in sheet.natural_key)
                result.issues.append(record.issue(where, f"与第{seen[key]}行重复（{names}相同）"))
            else:
                seen[key] = record.row


def _chunks(items: Iterable[Any], size: int = 500) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_references(result: ParseResult, places: Places) -> None:
    """Facilities and outlets referred to exist (in the file or the database); numbers stay with their
    facility; coordinates lie in the district."""
    in_file: dict[str, Record] = {}
    for record in result.records[FACILITY.key]:
        code = record.values.get("credit_code")
        if code and code not in in_file:
            in_file[code] = record
    referred = set(in_file)
    for sheet in SHEETS[1:]:
        referred.update(r.values["facility"] for r in result.records[sheet.key] if "facility" in r.values)
    in_db: dict[str, tuple[int, int]] = {}  # credit code -> (facility pk, town pk)
    for chunk in _chunks(sorted(referred)):
        for code, pk, town_id in Facility.objects.filter(credit_code__in=chunk).values_list(
            "credit_code", "pk", "town_id"
        ):
            in_db[code] = (pk, town_id)

    def town_of(code: str) -> int | None:
        record = in_file.get(code)
        if record is not None and "town" in record.values:
            return record.values["town"]
        return in_db[code][1] if code in in_db else None

    def check_point(record: Record, town_pk: int | None) -> None:
        if "lat" not in record.values or "lon" not in record.values:
            return
        district = places.district_for(town_pk)
        lat, lon = record.values["lat"], record.values["lon"]
        if district is not None and not district.contains(lat, lon):
            result.issues.append(
                record.issue(
                    "lat",
                    f"坐标（纬度{lat:g}，经度{lon:g}）不在{district.name}范围内"
                    f"（纬度{district.min_lat:g}至{district.max_lat:g}，经度{district.min_lon:g}至{district.max_lon:g}）；"
                    "请检查是否填反或漏了小数点",
                )
            )

    for record in in_file.values():
        check_point(record, record.values.get("town"))

    for sheet in SHEETS[1:]:
        for record in result.records[sheet.key]:
            code = record.values.get("facility")
            if code is None:
                continue
            if code not in in_file and code not in in_db:
                result.issues.append(
                    record.issue(
                        "facility",
                        f"统一社会信用代码“{code}”的单位既不在“{FACILITY.name}”工作表中，也不在系统中",
                    )
                )
                continue
            if sheet is OUTLET_SHEET:
                check_point(record, town_of(code))

    # Limits and measurements hang on outlets, and a reported problem may name one: the outlet must be in the
    # file (same facility) or in the database.
    naming = [
        r
        for sheet in SHEETS
        if "outlet_code" in sheet.by_field
        for r in result.records[sheet.key]
        if r.values.get("outlet_code")
    ]
    if naming:
        outlets_in_file = {
            (r.values.get("facility"), r.values.get("code")) for r in result.records[OUTLET_SHEET.key]
        }
        wanted_codes = {r.values["facility"] for r in naming if "facility" in r.values}
        outlets_in_db: set[tuple[str, str]] = set()
        for chunk in _chunks(sorted(wanted_codes & set(in_db))):
            outlets_in_db.update(
                Outlet.objects.filter(facility__credit_code__in=chunk).values_list(
                    "facility__credit_code", "code"
                )
            )
        for record in naming:
            code, outlet = record.values.get("facility"), record.values.get("outlet_code")
            if code is None or outlet is None or (code not in in_file and code not in in_db):
                continue
            if (code, outlet) not in outlets_in_file and (code, outlet) not in outlets_in_db:
                result.issues.append(
                    record.issue(
                        "outlet_code",
                        f"单位“{code}”的排放口“{outlet}”既不在“{OUTLET_SHEET.name}”工作表中，也不在系统中",
                    )
                )

    # Permit and registration numbers are unique district-wide: a number never moves to another facility.
    for sheet, model in ((PERMIT_SHEET, Permit), (REGISTRATION_SHEET, Registration)):
        records = [r for r in result.records[sheet.key] if "number" in r.values and "facility" in r.values]
        owners: dict[str, tuple[str, str]] = {}
        for chunk in _chunks(sorted({r.values["number"] for r in records})):
            for number, owner_code, owner_name in model.objects.filter(number__in=chunk).values_list(
                "number", "facility__credit_code", "facility__name"
            ):
                owners[number] = (owner_code, owner_name)
        for record in records:
            owner = owners.get(record.values["number"])
            if owner is not None and owner[0] != record.values["facility"]:
                header = sheet.by_field["number"].header
                result.issues.append(
                    record.issue(
                        "number",
                        f"{header}“{record.values['number']}”在系统中属于另一家单位“{owner[1]}”（{owner[0]}）",
                    )
                )
