"""Reassembling split packets (拆分包) [notes §7, STD p.6 and pp.57-60 表C.47-C.50].

A device splits data that does not fit 1024 bytes into parts, each a complete packet with ``PNUM`` (total) and
``PNO`` (1..PNUM). Parts are grouped by (MN, CN, DataTime, PNUM), never by QN: in the standard's example
every part has its own QN. A part is honoured even without the Flag D bit (a real device sends
``PNO=0002;PNUM=0002`` and no Flag at all). The CP dicts of the parts are merged in PNO order.

Pure: the caller passes the time (any monotonic number of seconds) to ``add`` and ``expire``. Memory is
bounded by ``max_pending`` groups of at most ``max_parts`` parts each; when a new group would exceed the
bound, the oldest pending group is given up (reason ``evicted``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from ecopermit.monitoring.hj212.packet import Issue, Packet

GroupKey = tuple[str | None, str | None, str | None, int]  # (MN, CN, DataTime, PNUM)


@dataclass(frozen=True, slots=True)
class Assembly:
    """A whole message: a packet that was not split, all parts of a split one, or what arrived in time."""

    parts: tuple[Packet, ...]  # in PNO order
    complete: bool
    issue: Issue | None = None  # why an incomplete group was given up, or a problem with a part
    missing: tuple[int, ...] = ()  # PNOs that never arrived

    @property
    def header(self) -> dict[str, str]:
        """The header of the first part (QN, PNO differ per part)."""
        return self.parts[0].header

    @property
    def cp(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for part in self.parts:
            merged.update(part.cp)
        return merged

    @property
    def key(self) -> GroupKey | None:
        p = self.parts[0]
        return (p.mn, p.cn, p.data_time_text, p.pnum) if p.pnum is not None else None


@dataclass(slots=True)
class _Group:
    pnum: int
    first_seen: float
    parts: dict[int, Packet] = field(default_factory=dict)


class Reassembler:
    def __init__(self, *, timeout: float = 60.0, max_pending: int = 1000, max_parts: int = 99) -> None:
        self.timeout = timeout
        self.max_pending = max_pending
        self.max_parts = max_parts
        self._groups: OrderedDict[GroupKey, _Group] = OrderedDict()  # oldest first

    @property
    def pending(self) -> int:
        return len(self._groups)

    def add(self, packet: Packet, now: float) -> list[Assembly]:
        """Add a decoded packet. Returns what became whole, plus groups given up on the way (timeout, eviction).

        A packet without PNUM/PNO comes straight back as a complete assembly of one part.
        """
        out = self.expire(now)
        pnum, pno = packet.pnum, packet.pno
        if pnum is None or pno is None:
            out.append(Assembly((packet,), complete=True))
            return out
        if not 1 <= pno <= pnum or pnum > self.max_parts:
            issue = Issue("split_bad_numbering", f"PNO {pno} of PNUM {pnum} (at most {self.max_parts} parts)")
            out.append(Assembly((packet,), complete=False, issue=issue))
            return out
        if pnum == 1:
            out.append(Assembly((packet,), complete=True))
            return out
        key: GroupKey = (packet.mn, packet.cn, packet.data_time_text, pnum)
        group = self._groups.get(key)
        if group is None:
            while len(self._groups) >= self.max_pending:
                _, old = self._groups.popitem(last=False)
                out.append(
                    self._give_up(old, Issue("evicted", "too many split packets pending; oldest dropped"))
                )
            group = self._groups[key] = _Group(pnum, now)
        # A retransmitted part replaces the earlier copy: the device resends when no answer came.
        group.parts[pno] = packet
        if len(group.parts) == pnum:
            del self._groups[key]
            out.append(Assembly(tuple(group.parts[i] for i in range(1, pnum + 1)), complete=True))
        return out

    def expire(self, now: float) -> list[Assembly]:
        """Give up the groups older than ``timeout``; returns them as incomplete assemblies."""
        out: list[Assembly] = []
        while self._groups:
            key, group = next(iter(self._groups.items()))
            if now - group.first_seen < self.timeout:
                break
            del self._groups[key]
            out.append(self._give_up(group, Issue("timeout", f"parts missing after {self.timeout:g} s")))
        return out

    def flush(self) -> list[Assembly]:
        """Give up everything pending (at shutdown)."""
        out = [self._give_up(g, Issue("flushed", "parts missing at shutdown")) for g in self._groups.values()]
        self._groups.clear()
        return out

    @staticmethod
    def _give_up(group: _Group, issue: Issue) -> Assembly:
        have = sorted(group.parts)
        missing = tuple(i for i in range(1, group.pnum + 1) if i not in group.parts)
        return Assembly(tuple(group.parts[i] for i in have), complete=False, issue=issue, missing=missing)
