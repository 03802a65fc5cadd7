"""Hypothesis strategies for HJ 212 packets."""

from __future__ import annotations

from hypothesis import strategies as st

from ecopermit.monitoring.hj212 import encode
from ecopermit.monitoring.hj212.packet import KNOWN_CN

POLLUTANTS = [
    "w00000",
    "w01001",
    "w01018",
    "w21003",
    "a00000",
    "a19001",
    "a21026",
    "a21002",
    "a34013",
    "e10101",
]
VALUE_KINDS = ["Rtd", "Min", "Avg", "Max", "Cou", "ZsRtd", "ZsMin", "ZsAvg", "ZsMax", "SampleTime"]
FLAG_KINDS = ["Flag", "EFlag"]  # written last in an item, as devices do
PLAIN_KEYS = ["PolId", "SystemTime", "RtdInterval", "QnRtn", "ExeRtn", "RestartTime", "BeginTime", "EndTime"]

digits = st.text("0123456789", min_size=1, max_size=8)
number = st.builds(
    lambda sign, whole, frac: f"{sign}{whole}{'.' + frac if frac else ''}",
    st.sampled_from(["", "-"]),
    digits,
    st.text("0123456789", max_size=4),
)
flag_value = st.sampled_from(["N", "F", "M", "S", "D", "C", "T", "B", "A01"])
# Site-information text between // (may hold separators and Chinese, counted in UTF-8 bytes) [STD 表B.10].
info_text = st.text("设备运行正常温度湿度℃=;,: abc123", max_size=20).map(lambda s: f"//{s}//")
datatime = st.builds(
    lambda y, mo, d, h, mi, s: f"{y:04d}{mo:02d}{d:02d}{h:02d}{mi:02d}{s:02d}",
    st.integers(2000, 2099),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
)


@st.composite
def cp_dicts(
    draw: st.DrawFn, codes: tuple[str, ...] = (*POLLUTANTS, "SB1", "SB2", "i11001")
) -> dict[str, str]:
    cp: dict[str, str] = {}
    if draw(st.booleans()):
        cp["DataTime"] = draw(datatime)
    for code in draw(st.lists(st.sampled_from(codes), unique=True)):
        if code.startswith("SB"):
            cp[f"{code}-RS"] = draw(st.sampled_from("012345"))
            continue
        if code == "i11001":
            cp[f"{code}-Info"] = draw(info_text)
            continue
        for kind in draw(st.lists(st.sampled_from(VALUE_KINDS), min_size=1, max_size=4, unique=True)):
            cp[f"{code}-{kind}"] = draw(datatime if kind == "SampleTime" else number)
        for kind in draw(st.lists(st.sampled_from(FLAG_KINDS), max_size=2, unique=True)):
            cp[f"{code}-{kind}"] = draw(flag_value)
    for key in draw(st.lists(st.sampled_from(PLAIN_KEYS), unique=True, max_size=2)):
        cp[key] = draw(digits)
    return cp


@st.composite
def headers(draw: st.DrawFn) -> dict[str, str]:
    """A standard-conforming 2017 header (fields in the standard's order)."""
    header = {
        "QN": draw(datatime) + draw(st.text("0123456789", min_size=3, max_size=3)),
        "ST": draw(st.sampled_from(["21", "22", "31", "32", "91"])),
        "CN": draw(st.sampled_from(sorted(KNOWN_CN))),
        "PW": draw(st.text("0123456789abcdef", min_size=6, max_size=6)),
        "MN": draw(st.text("0123456789ABCDEF", min_size=24, max_size=24)),
    }
    split = draw(st.booleans())
    header["Flag"] = str(4 | (2 if split else 0) | draw(st.sampled_from([0, 1])))
    if split:
        pnum = draw(st.integers(1, 20))
        header["PNUM"] = str(pnum)
        header["PNO"] = str(draw(st.integers(1, pnum)))
    return header


@st.composite
def headers_2005(draw: st.DrawFn) -> dict[str, str]:
    """An HJ/T 212-2005 header: 14-character MN, Flag without version bits (or none)."""
    header = {
        "QN": draw(datatime) + draw(st.text("0123456789", min_size=3, max_size=3)),
        "ST": draw(st.sampled_from(["31", "32"])),
        "CN": draw(st.sampled_from(["2011", "2051", "2061", "2031", "1011", "2071"])),
        "PW": draw(st.text("0123456789", min_size=6, max_size=6)),
        "MN": draw(st.text("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=14, max_size=14)),
    }
    flag = draw(st.sampled_from([None, "0", "1"]))
    if flag is not None:
        header["Flag"] = flag
    return header


CODES_2005 = ("011", "060", "001", "B01", "B02", "S01", "02", "03", "01")

# Any header the encoder can write: names and values without separators, in any order.
loose_headers = st.dictionaries(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
    st.text(
        st.characters(codec="utf-8", exclude_characters=";,=&\r\n", exclude_categories=("Cs",)), max_size=12
    ),
    max_size=8,
)


@st.composite
def packets(draw: st.DrawFn) -> bytes:
    return encode(draw(headers()), draw(cp_dicts()), crlf=draw(st.booleans()))
