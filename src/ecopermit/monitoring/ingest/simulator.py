"""Simulated data loggers for the demo (``ecopermit simulate-loggers``).

Each simulated device sends HJ 212-2017 packets for its outlet the way a real one does: minute data (2051)
every simulated minute, hourly data (2061) at each full hour, daily data (2031) at midnight, each with
Flag=5 (2017, answer requested); it waits for the 9014 and sends again when none comes (3 tries, like a
device configured with ``OverTime``/``ReCount`` [STD p.5 表1]).

Values sit between 35 % and 70 % of the outlet's limit; now and then a pollutant exceeds it for an hour
(``--exceed``), an instrument reports a fault (flag D) or maintenance (M), an exceeding hour goes over the
measuring range (flag T), a device's link to its instruments breaks for a night (``stuck``: every value
flagged B from 02:00 to 10:00, abnormal data), and a packet goes out with a bad CRC (then the device sends
it again correctly).
Flue gas carries its O2 content (``a19001``); a pollutant whose limit is on the converted value (折算) is sent
as the device computes it, the converted ``-ZsAvg`` (at the limit's reference O2) beside the measured
``-Avg`` (GB 13271-2014 §5.2: measured = converted × (21 − O2) / (21 − reference O2)). Everything drawn is a function of ``--seed``, the MN and the
DataTime, so two runs send the same data.

Time: the simulation starts ``--backfill`` hours ago and runs ``--rate`` times faster than real time until
it catches up with the clock, then keeps pace with it (data is never in the future). The backfill sends
hourly and daily data, and minute data only for its last hour (a day of minute data from every demo logger
would only fill the demo database).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ecopermit.monitoring.hj212 import Frame, Framer, encode
from ecopermit.monitoring.ingest.convert import BEIJING

# Flow codes, sent with every packet, and plausible magnitudes.
FLOW = {"water": ("w00000", 12.0), "gas": ("a00000", 18.0)}
PH = "w01001"
O2 = "a19001"
STUCK_HOURS = (2, 10)  # a broken link: 8 hours of B flags, more than the default 6 of abnormal data
OVER_RANGE = 0.2  # share of exceeding hours that also go over the instrument's range (flag T)
MINUTE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class SimLogger:
    mn: str
    password: str
    medium: str  # water / gas
    limits: dict[str, float]  # pollutant code → hourly limit value (the lowest that applies)
    converted: dict[str, float] = field(default_factory=dict)  # code → reference O2 of a converted limit


@dataclass
class SimStats:
    sent: int = 0
    answered: int = 0
    bad_crc: int = 0
    unanswered: int = 0
    reconnects: int = 0
    exceedances: int = 0
    faults: int = 0
    by_cn: dict[str, int] = field(default_factory=dict)


def _rng(seed: int, mn: str, stamp: str, what: str) -> random.Random:
    return random.Random(f"{seed}:{mn}:{stamp}:{what}")


class Generator:
    """Packets of one device; pure (time comes from the caller)."""

    def __init__(
        self,
        logger: SimLogger,
        *,
        seed: int,
        exceed: float = 0.03,
        fault: float = 0.01,
        bad_crc: float = 0.005,
        stuck: float = 0.02,
    ):
        self.logger = logger
        self.seed = seed
        self.exceed = exceed
        self.fault = fault
        self.bad_crc = bad_crc
        self.stuck = stuck
        self._qn = 0

    def _qn_for(self, now: datetime) -> str:
        self._qn = (self._qn + 1) % 1000
        return now.strftime("%Y%m%d%H%M%S") + f"{self._qn:03d}"

    def exceeding(self, hour: datetime) -> str | None:
        """The pollutant over its limit during this hour, if any (same answer for every packet of the hour)."""
        codes = sorted(c for c in self.logger.limits if c != PH)
        if not codes:
            return None
        rng = _rng(self.seed, self.logger.mn, hour.strftime("%Y%m%d%H"), "exceed")
        return rng.choice(codes) if rng.random() < self.exceed else None

    def value(self, code: str, when: datetime) -> float:
        limit = self.logger.limits[code]
        rng = _rng(self.seed, self.logger.mn, when.strftime("%Y%m%d%H%M"), code)
        if code == PH:
            return round(7.2 + rng.uniform(-0.4, 0.4), 2)
        hour = when.replace(minute=0, second=0, microsecond=0)
        factor = rng.uniform(1.15, 1.6) if self.exceeding(hour) == code else rng.uniform(0.35, 0.7)
        return round(limit * factor, 3)

    def flag(self, code: str, when: datetime) -> str:
        if STUCK_HOURS[0] <= when.hour < STUCK_HOURS[1] and self.is_stuck(when):
            return "B"
        rng = _rng(self.seed, self.logger.mn, when.strftime("%Y%m%d%H%M"), code + "-flag")
        roll = rng.random()
        if roll < self.fault:
            return "D"
        if roll < self.fault * 1.5:
            return "M"
        hour = when.replace(minute=0, second=0, microsecond=0)
        if self.exceeding(hour) == code:
            over = _rng(self.seed, self.logger.mn, hour.strftime("%Y%m%d%H"), "over-range")
            if over.random() < OVER_RANGE:
                return "T"
        return "N"

    def is_stuck(self, when: datetime) -> bool:
        """Whether the device's link to its instruments is broken on that (Beijing) day's early hours."""
        return _rng(self.seed, self.logger.mn, when.strftime("%Y%m%d"), "stuck").random() < self.stuck

    def oxygen(self, when: datetime) -> float:
        """The flue gas's O2 content (%) at that minute."""
        return round(_rng(self.seed, self.logger.mn, when.strftime("%Y%m%d%H%M"), O2).uniform(6.0, 11.0), 2)

    def _packet(self, cn: str, data_time: datetime, cp: dict[str, str], now: datetime) -> bytes:
        header = {
            "QN": self._qn_for(now),
            "ST": "32" if self.logger.medium == "water" else "31",
            "CN": cn,
            "PW": self.logger.password,
            "MN": self.logger.mn,
            "Flag": "5",
        }
        return encode(header, {"DataTime": data_time.strftime("%Y%m%d%H%M%S"), **cp})

    def _fields(self, minutes: Iterable[datetime], *, with_cou: bool) -> dict[str, str]:
        minutes = list(minutes)
        cp: dict[str, str] = {}
        flow_code, flow = FLOW.get(self.logger.medium, FLOW["water"])
        rng = _rng(self.seed, self.logger.mn, minutes[0].strftime("%Y%m%d%H%M"), "flow")
        rate = flow * rng.uniform(0.8, 1.2)
        cp[f"{flow_code}-Avg"] = f"{rate:.2f}"
        if with_cou:
            cp[f"{flow_code}-Cou"] = f"{rate * 60 * len(minutes):.1f}"
        cp[f"{flow_code}-Flag"] = "N"
        gas = self.logger.medium == "gas"
        if gas:
            oxygen = [self.oxygen(m) for m in minutes]
            cp[f"{O2}-Avg"] = f"{sum(oxygen) / len(oxygen):.2f}"
            cp[f"{O2}-Flag"] = "N"
        for code in sorted(self.logger.limits):
            values = [self.value(code, m) for m in minutes]
            flags = [self.flag(code, m) for m in minutes]
            if gas and code in self.logger.converted:
                # The values drawn are the converted ones; the instrument measures at the flue gas's O2.
                ref = self.logger.converted[code]
                cp[f"{code}-ZsAvg"] = f"{sum(values) / len(values):.3f}"
                values = [v * (21 - o) / (21 - ref) for v, o in zip(values, oxygen, strict=True)]
            cp[f"{code}-Min"] = f"{min(values):g}"
            cp[f"{code}-Avg"] = f"{sum(values) / len(values):.3f}"
            cp[f"{code}-Max"] = f"{max(values):g}"
            # Wastewater: a period with any abnormal sample is abnormal [notes §4]; the worst flag is sent.
            bad = [f for f in flags if f != "N"]
            cp[f"{code}-Flag"] = bad[0] if bad else "N"
        return cp

    def minute(self, when: datetime, now: datetime) -> bytes:
        return self._packet("2051", when, self._fields([when], with_cou=True), now)

    def hour(self, start: datetime, now: datetime) -> bytes:
        minutes = [start + timedelta(minutes=m) for m in range(0, 60, 5)]
        return self._packet("2061", start, self._fields(minutes, with_cou=True), now)

    def day(self, start: datetime, now: datetime) -> bytes:
        hours = [start + timedelta(hours=h) for h in range(24)]
        return self._packet("2031", start, self._fields(hours, with_cou=True), now)

    def corrupt(self, packet: bytes, when: datetime) -> bytes | None:
        """A copy with a wrong CRC, now and then (None most of the time)."""
        rng = _rng(self.seed, self.logger.mn, when.strftime("%Y%m%d%H%M"), "crc")
        if rng.random() >= self.bad_crc:
            return None
        crc = packet[-6:-2]
        wrong = b"0000" if crc != b"0000" else b"FFFF"
        return packet[:-6] + wrong + b"\r\n"

    def due(
        self, current: datetime, now: datetime, *, minute_data: bool = True
    ) -> list[tuple[str, bytes, datetime]]:
        """Packets for the simulated minute ``current`` (minute data only when ``minute_data``)."""
        out = [("2051", self.minute(current, now), current)] if minute_data else []
        if current.minute == 0:
            out.append(("2061", self.hour(current - timedelta(hours=1), now), current))
            if current.hour == 0:
                out.append(("2031", self.day(current - timedelta(days=1), now), current))
        return out


class Device:
    """One simulated device's connection: send, wait for the 9014, resend on silence."""

    def __init__(self, generator: Generator, host: str, port: int, stats: SimStats, *, timeout: float = 10.0):
        self.gen = generator
        self.host = host
        self.port = port
        self.stats = stats
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.framer = Framer()
        self.answers: list[Frame] = []

    async def connect(self) -> None:
        delay = 0.5
        while True:
            try:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                self.framer = Framer()
                return
            except OSError:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.writer = None

    async def _answer(self, qn: str) -> bool:
        assert self.reader is not None
        deadline = time.monotonic() + self.timeout
        while True:
            for i, frame in enumerate(self.answers):
                if frame.packet.header.get("QN") == qn:
                    del self.answers[: i + 1]
                    return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                data = await asyncio.wait_for(self.reader.read(65536), left)
            except TimeoutError:
                return False
            if not data:
                raise ConnectionResetError("listener closed the connection")
            self.answers += [f for f in self.framer.feed(data) if isinstance(f, Frame)]

    async def send(self, cn: str, packet: bytes, when: datetime) -> bool:
        qn = packet.split(b"QN=", 1)[1][:17].decode()
        bad = self.gen.corrupt(packet, when)
        for _attempt in range(3):
            try:
                if self.writer is None:
                    await self.connect()
                assert self.writer is not None
                if bad is not None:
                    self.writer.write(bad)  # the listener drops it; the device then sends it again
                    self.stats.bad_crc += 1
                    bad = None
                self.writer.write(packet)
                await self.writer.drain()
                self.stats.sent += 1
                self.stats.by_cn[cn] = self.stats.by_cn.get(cn, 0) + 1
                if await self._answer(qn):
                    self.stats.answered += 1
                    return True
            except (OSError, ConnectionResetError):
                self.stats.reconnects += 1
                await self.close()
                await asyncio.sleep(1)
        self.stats.unanswered += 1
        return False


def _now() -> datetime:
    return datetime.now(BEIJING)


async def run(
    loggers: list[SimLogger],
    host: str,
    port: int,
    *,
    seed: int = 2026,
    rate: float = 60.0,
    backfill_hours: float = 24.0,
    once: bool = False,
    exceed: float = 0.03,
    fault: float = 0.01,
    bad_crc: float = 0.005,
    duration: float | None = None,
    stats: SimStats | None = None,
) -> SimStats:
    stats = stats or SimStats()
    started = time.monotonic()
    real_start = _now().replace(second=0, microsecond=0)
    sim_start = real_start - timedelta(hours=backfill_hours)

    async def one(index: int, logger: SimLogger) -> None:
        gen = Generator(logger, seed=seed, exceed=exceed, fault=fault, bad_crc=bad_crc)
        device = Device(gen, host, port, stats)
        try:
            if once:
                now = _now()
                minute = now.replace(second=0, microsecond=0)
                hour = minute.replace(minute=0) - timedelta(hours=1)
                await device.send("2051", gen.minute(minute, now), minute)
                await device.send("2061", gen.hour(hour, now), hour)
                return
            await asyncio.sleep((index % 50) * 0.02)  # stagger the connections
            current = sim_start
            while duration is None or time.monotonic() - started < duration:
                elapsed = time.monotonic() - started
                target = min(_now(), sim_start + timedelta(seconds=elapsed * rate))
                while current + timedelta(minutes=1) <= target:
                    current += timedelta(minutes=1)
                    now = _now()
                    # The backfill sends hourly and daily data; minute data only for the last hour.
                    for cn, packet, when in gen.due(current, now, minute_data=now - current <= MINUTE_WINDOW):
                        await device.send(cn, packet, when)
                caught_up = target >= _now() - timedelta(seconds=1)
                wait = 60 - _now().second if caught_up else max(0.05, 60 / rate)
                await asyncio.sleep(min(wait, 5))
        finally:
            await device.close()

    tasks = [asyncio.create_task(one(i, lg)) for i, lg in enumerate(loggers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
    return stats
