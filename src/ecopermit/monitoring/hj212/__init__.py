"""HJ 212-2017 / HJ/T 212-2005 codec: pure Python, no Django, importable without settings.

- ``decode(bytes)`` one packet (packet.py), ``encode(header, cp)`` and ``encode_split`` the reverse (encoding.py);
- ``Packet.data_area()`` the CP area as typed records (records.py);
- ``Framer`` cuts a TCP byte stream into frames and rejections (framing.py);
- ``Reassembler`` puts split packets back together (reassembly.py);
- ``crc16`` is the CRC of Appendix A (crc.py); ``codes`` the pollutant-code table (codes.py).
"""

from ecopermit.monitoring.hj212.crc import crc16
from ecopermit.monitoring.hj212.encoding import encode, encode_split
from ecopermit.monitoring.hj212.framing import Frame, Framer, Rejected
from ecopermit.monitoring.hj212.packet import (
    Flags,
    HJ212Error,
    Issue,
    Packet,
    Version,
    decode,
)
from ecopermit.monitoring.hj212.reassembly import Assembly, Reassembler
from ecopermit.monitoring.hj212.records import DataArea, Kind, Record

__all__ = [
    "Assembly",
    "DataArea",
    "Flags",
    "Frame",
    "Framer",
    "HJ212Error",
    "Issue",
    "Kind",
    "Packet",
    "Reassembler",
    "Record",
    "Rejected",
    "Version",
    "crc16",
    "decode",
    "encode",
    "encode_split",
]
