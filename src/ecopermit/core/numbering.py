"""Numbers people cite (issue 11 item 10; issue 12: one numbering for every app).

Two kinds, one sequence store (``core.models.Counter``: the last number per series, prefix and year, locked while a
number is taken, inside the caller's transaction — so a rolled-back write gives its number back):

- documents served on someone carry an official 文号, ``舟定环整〔2026〕第12号`` (``document_number``; the prefix is
  the district's, per kind of document);
- records the platform keeps carry a reference, ``ZG2026-0037`` (``reference``): 整改案件 ZG, 检查记录 JC, 监测报警
  BJ. Short Latin letters, so they read the same in a spreadsheet, a URL and over the phone; the year, so that a
  number says when; a counter per year, so that the numbers stay short.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ecopermit.core.models import Counter

#: Record references: series → (letters, digits). The letters are the pinyin initials of the record's name.
REFERENCES = {
    "case": ("ZG", 4),  # 整改案件
    "inspection": ("JC", 4),  # 检查记录
    "alarm": ("BJ", 6),  # 监测报警 (a district has thousands a year)
    "closure": ("GT", 4),  # 关停取缔案件
    "declaration": ("SB", 5),  # 停产检修申报
    "report": ("ZX", 5),  # 执行报告 (a district's permits owe thousands a year)
    "error_report": ("JW", 5),  # 数据纠误 (the public's data-error reports)
    "booking": ("KF", 5),  # 开放日预约 (KF: 开放)
    "consultation": ("YY", 4),  # 咨询预约 (星期三环保咨询日)
    "temporary_building": ("LJ", 4),  # 临时建筑申请
    "complaint": ("TS", 5),  # 信访投诉 (the receipt number a complainant quotes)
}


def document_number(prefix: str, year: int, seq: int) -> str:
    """舟定环整〔2026〕第12号 for prefix 舟定环整, year 2026, sequence 12 (党政机关公文格式 GB/T 9704: 〔〕 around the year)."""
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    return f"{prefix}〔{year}〕第{seq}号"


def reference(series: str, year: int, seq: int) -> str:
    """ZG2026-0037: the series' letters, the year, the sequence padded to the series' digits."""
    if seq < 1:
        raise ValueError("sequence numbers start at 1")
    letters, digits = REFERENCES[series]
    return f"{letters}{year}-{seq:0{digits}d}"


def next_in_sequence(series: str, prefix: str, year: int) -> int:
    """The next number of (series, prefix, year), starting at 1. Must run inside a transaction: the counter row
    stays locked until it ends, so that two writers never get the same number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that stores them")
    counter, _created = Counter.objects.select_for_update().get_or_create(
        series=series, prefix=prefix, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def next_document_number(series: str, prefix: str, year: int) -> str:
    return document_number(prefix, year, next_in_sequence(series, prefix, year))


def next_reference(series: str, year: int) -> str:
    return reference(series, year, next_in_sequence(series, "", year))


def backfill_references(model: Any, counter_model: Any, series: str, time_field: str) -> int:
    """For the migrations that gave existing records their reference: numbers them per year in the order they were
    made (``time_field``, then id) and leaves each year's counter at the last number, so that new records continue
    the sequence. ``model`` and ``counter_model`` are the migration's historical models."""
    done = 0
    seq_of_year: dict[int, int] = {}
    batch = []
    for row in model.objects.filter(number__isnull=True).order_by(time_field, "pk").iterator(chunk_size=2000):
        year = timezone.localtime(getattr(row, time_field)).year
        counter, _created = counter_model.objects.get_or_create(series=series, prefix="", year=year)
        seq = seq_of_year.get(year, counter.last) + 1
        seq_of_year[year] = seq
        row.number = reference(series, year, seq)
        batch.append(row)
        if len(batch) >= 2000:
            model.objects.bulk_update(batch, ["number"])
            done, batch = done + len(batch), []
    if batch:
        model.objects.bulk_update(batch, ["number"])
        done += len(batch)
    for year, last in seq_of_year.items():
        counter_model.objects.filter(series=series, prefix="", year=year).update(last=last)
    return done
