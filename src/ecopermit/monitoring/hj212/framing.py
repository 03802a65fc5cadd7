"""Cutting a TCP byte stream into HJ 212 frames.

The length field is authoritative [notes §1]: after ``##`` come four decimal digits ``n``, then exactly ``n``
bytes of data segment, then four hex digits of CRC. The CRLF that should follow is optional (some devices
write packets back to back), so a frame is complete, and is emitted at once, as soon as its CRC has arrived:
a device that sends no CRLF and waits for its answer is not kept waiting. CR and LF bytes after a frame are
skipped.

Anything else is rejected with its byte offset in the stream and a reason, and the framer resynchronises on
the next ``##``: bytes before a ``##`` (``garbage``), a ``##`` not followed by four digits
(``bad_length_field``), a declared length above the limit (``frame_too_large``), no hex CRC where the length
puts it (``bad_crc_field``), a frame cut off by the end of the stream (``truncated``), a CRC mismatch with a
``##`` inside the frame (``crc_mismatch``: probably a wrong length hiding the next packet; a CRC mismatch
without one is emitted as a Frame whose packet carries the error). A rejected candidate
is skipped by one byte only, so a real ``##`` inside it is found again. Rejected bytes are counted, not
kept, so the memory held is bounded by one frame plus the last chunk fed.

The framer is pure and incremental: feeding a stream whole or in any split yields the same items.
"""

from __future__ import annotations

from typing import NamedTuple

from ecopermit.monitoring.hj212.packet import _HEX, WIRE_MAX_DATA, Issue, Packet, decode_segment


# NamedTuples rather than frozen dataclasses: one is built per frame, and they are cheaper to build.
class Frame(NamedTuple):
    offset: int  # stream offset of its "##"
    raw: bytes  # "##" through the CRC, without the CRLF
    packet: Packet


class Rejected(NamedTuple):
    offset: int  # stream offset of the first rejected byte
    length: int  # bytes discarded from there up to the next "##" candidate (or the end of the stream)
    issue: Issue

    @property
    def reason(self) -> str:
        return self.issue.code


class Framer:
    """Incremental framer: ``feed(chunk)`` and, at the end of the stream, ``close()``; both return items."""

    def __init__(self, *, max_data_length: int = WIRE_MAX_DATA, accept_modbus_crc: bool = False) -> None:
        self.max_data_length = max_data_length
        self.accept_modbus_crc = accept_modbus_crc
        self._buf = b""  # bytes, not bytearray: frames are then sliced out without a second copy
        self._base = 0  # stream offset of _buf[0]
        self._after_frame = False  # skip CR/LF bytes until something else arrives
        self._closed = False
        # The open run of rejected bytes (start offset, length, reason), emitted when the run ends.
        self._run_issue: Issue | None = None
        self._run_start = 0
        self._run_length = 0

    @property
    def buffered(self) -> int:
        """Bytes held while waiting for the rest of a frame."""
        return len(self._buf)

    @property
    def discarding(self) -> int:
        """Length of the run of rejected bytes not reported yet (a listener may close a connection on it)."""
        return self._run_length if self._run_issue is not None else 0

    @property
    def offset(self) -> int:
        """Stream offset of the next byte to be fed."""
        return self._base + len(self._buf)

    def feed(self, data: bytes) -> list[Frame | Rejected]:
        if self._closed:
            raise ValueError("feed() after close()")
        self._buf = self._buf + data if self._buf else bytes(data)
        return self._scan(final=False)

    def close(self) -> list[Frame | Rejected]:
        """End of stream: whatever is still buffered is rejected (``truncated`` or ``garbage``)."""
        if self._closed:
            return []
        self._closed = True
        out = self._scan(final=True)
        self._flush(out)
        return out

    # -- internals --------------------------------------------------------------------------------

    def _scan(self, *, final: bool) -> list[Frame | Rejected]:
        out: list[Frame | Rejected] = []
        buf = self._buf
        size = len(buf)
        find = buf.find
        limit = self.max_data_length
        modbus = self.accept_modbus_crc
        after_frame = self._after_frame
        append = out.append
        i = 0
        while i < size:
            if after_frame:
                if buf[i : i + 2] == b"\r\n":  # the usual CRLF, then whatever else there is
                    i += 2
                while i < size and buf[i] in b"\r\n":
                    i += 1
                if i == size:
                    break
                after_frame = False
            j = find(b"##", i)
            if j < 0:
                # Keep a trailing '#': it may be the first half of the next "##".
                end = size - 1 if buf[size - 1] == 0x23 and not final else size
                self._garbage(i, end - i)
                i = end
                break
            if j > i:
                self._garbage(i, j - i)
            if size - j < 6:
                if not final:
                    i = j
                    break
                self._reject(out, j, Issue("truncated", "the stream ended inside a packet header"))
                i = j + 1
                continue
            length_field = buf[j + 2 : j + 6]
            if not length_field.isdigit():
                self._reject(
                    out,
                    j,
                    Issue(
                        "bad_length_field",
                        f"'##' not followed by four decimal digits ({bytes(length_field)!r})",
                    ),
                )
                i = j + 1
                continue
            n = int(length_field)
            if n > limit:
                self._reject(
                    out,
                    j,
                    Issue(
                        "frame_too_large",
                        f"declared data length {n} exceeds the limit {self.max_data_length}",
                    ),
                )
                i = j + 1
                continue
            end = j + 10 + n
            if end > size:
                if not final:
                    i = j
                    break
                self._reject(
                    out,
                    j,
                    Issue("truncated", f"the stream ended {end - size} byte(s) short of the declared frame"),
                )
                i = j + 1
                continue
            crc_field = buf[end - 4 : end]
            if crc_field.translate(None, _HEX):  # four bytes, all hex digits?
                self._reject(
                    out,
                    j,
                    Issue(
                        "bad_crc_field", f"no hex CRC after the declared {n} bytes of data ({crc_field!r})"
                    ),
                )
                i = j + 1
                continue
            raw = buf[j:end]
            packet = decode_segment(raw[6:-4], n, crc_field, accept_modbus_crc=modbus)
            if not packet.crc_ok and raw.find(b"##", 2) >= 0:
                # A bad CRC and a "##" inside: most likely a wrong length that swallowed the start of the
                # next packet, so resynchronise inside rather than lose that packet.
                self._reject(
                    out, j, Issue("crc_mismatch", "bad CRC and a '##' inside the frame; resynchronising")
                )
                i = j + 1
                continue
            if self._run_issue is not None:
                self._flush(out)
            append(Frame(self._base + j, raw, packet))
            i = end
            after_frame = True
        self._after_frame = after_frame
        self._buf = buf[i:]
        self._base += i
        return out

    def _garbage(self, start: int, length: int) -> None:
        if length <= 0:
            return
        if self._run_issue is None:
            self._run_issue = Issue("garbage", "bytes outside any packet")
            self._run_start = self._base + start
            self._run_length = length
        else:
            self._run_length += length

    def _reject(self, out: list[Frame | Rejected], start: int, issue: Issue) -> None:
        self._flush(out)
        self._run_issue = issue
        self._run_start = self._base + start
        self._run_length = 1

    def _flush(self, out: list[Frame | Rejected]) -> None:
        if self._run_issue is not None:
            out.append(Rejected(self._run_start, self._run_length, self._run_issue))
            self._run_issue = None
