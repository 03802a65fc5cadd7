"""Framing a byte stream: the length field decides, garbage is skipped with its offset, nothing raises."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ecopermit.monitoring.hj212 import Frame, Framer, Rejected
from ecopermit.monitoring.tests import vectors
from ecopermit.monitoring.tests.strategies import packets

A = vectors.OFFICIAL  # 113 bytes with CRLF
B = vectors.SPLIT_PART  # no CRLF
C = vectors.HJT212_PARSER


def run(stream: bytes, *, chunks: list[int] | None = None, **kwargs) -> list[Frame | Rejected]:
    framer = Framer(**kwargs)
    out: list[Frame | Rejected] = []
    if chunks is None:
        out += framer.feed(stream)
    else:
        pos = 0
        for size in chunks:
            out += framer.feed(stream[pos : pos + size])
            pos += size
        out += framer.feed(stream[pos:])
    return out + framer.close()


def summary(items) -> list[tuple]:
    return [
        ("frame", i.offset, i.raw) if isinstance(i, Frame) else ("rejected", i.offset, i.length, i.issue)
        for i in items
    ]


def frames(items) -> list[Frame]:
    return [i for i in items if isinstance(i, Frame)]


def test_one_frame():
    [item] = run(A)
    assert isinstance(item, Frame)
    assert item.offset == 0 and item.raw == A.rstrip(b"\r\n")
    assert item.packet.ok and item.packet.cp == {"RtdInterval": "30"}


def test_back_to_back_packets_without_crlf():
    stream = A.rstrip() + B + C.rstrip() + A
    items = run(stream)
    assert [type(i) for i in items] == [Frame] * 4
    assert [i.offset for i in items] == [0, 111, 111 + len(B), 111 + len(B) + len(C) - 2]
    assert all(i.packet.ok for i in items)


def test_a_frame_is_emitted_as_soon_as_its_crc_arrives():
    framer = Framer()
    # No CRLF yet: a device that waits for its answer before sending CRLF is not kept waiting.
    assert frames(framer.feed(A[:-2])) != []
    assert framer.feed(b"\r") == [] and framer.feed(b"\n") == []
    assert framer.offset == len(A) and framer.buffered == 0
    assert framer.close() == []


def test_garbage_before_and_between_is_skipped_with_offsets():
    stream = b"hello" + A + b"\x00\xff##x" + C + b"tail"
    items = run(stream)
    at = 5 + len(A)
    assert [(type(i).__name__, i.offset) for i in items] == [
        ("Rejected", 0),
        ("Frame", 5),
        ("Rejected", at),
        ("Rejected", at + 2),
        ("Frame", at + 5),
        ("Rejected", at + 5 + len(C)),
    ]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.reason, r.length) for r in rejected] == [
        ("garbage", 5),
        ("garbage", 2),
        ("bad_length_field", 3),  # "##x": the failed candidate and what follows up to the next "##"
        ("garbage", 4),
    ]
    assert all(r.issue.message for r in rejected)


def test_extra_hash_resyncs_on_the_next_double_hash():
    items = run(b"#" + A)  # "###0101…": the first "##" has "#010" as length
    assert [(type(i), i.offset) for i in items] == [(Rejected, 0), (Frame, 1)]
    assert items[0].reason == "bad_length_field"


def test_wrong_length_is_rejected_and_the_next_packet_found():
    bad = b"##0101" + A[6:50] + A[52:]  # two bytes short of what it declares
    items = run(bad + C + A)
    assert isinstance(items[0], Rejected) and items[0].offset == 0
    assert items[0].reason == "bad_crc_field"
    assert items[0].length == len(bad)
    assert [i.offset for i in frames(items)] == [len(bad), len(bad) + len(C)]


def test_wrong_length_whose_crc_position_happens_to_hold_hex_still_resyncs():
    bad = b"##0150" + A[6:]  # 150 bytes run into the next packet, where "0015" of its MN looks like a CRC
    items = run(bad + C)
    assert isinstance(items[0], Rejected) and items[0].reason == "crc_mismatch"
    assert [i.offset for i in frames(items)] == [len(bad)]
    assert frames(items)[0].packet.ok


def test_crc_mismatch_is_a_frame_with_an_error_not_a_resync():
    items = run(A.replace(b"1C80", b"1C81") + C)
    assert [type(i) for i in items] == [Frame, Frame]
    assert items[0].packet.error.code == "crc_mismatch" and not items[0].packet.crc_ok
    assert items[1].packet.ok


def test_oversize_frame_is_accepted_and_a_hard_limit_rejects():
    [item] = run(vectors.RX_1025)
    assert isinstance(item, Frame) and item.packet.oversize and item.packet.length_ok
    items = run(vectors.RX_1025 + A, max_data_length=1024)
    assert isinstance(items[0], Rejected) and items[0].reason == "frame_too_large" and items[0].offset == 0
    assert items[0].length == len(vectors.RX_1025)
    assert [i.offset for i in frames(items)] == [len(vectors.RX_1025)]


def test_truncated_at_end_of_stream():
    items = run(A + C[:50])
    assert isinstance(items[0], Frame)
    assert isinstance(items[1], Rejected) and items[1].reason == "truncated"
    assert (items[1].offset, items[1].length) == (len(A), 50)
    assert run(b"##01")[0].reason == "truncated"


def test_frame_inside_a_truncated_candidate_is_still_found():
    items = run(b"##0500" + A)  # a bogus header whose declared length runs past the end of the stream
    assert [(type(i), i.offset) for i in items] == [(Rejected, 0), (Frame, 6)]


def test_lf_only_and_blank_lines_between_frames_are_tolerated():
    assert [type(i) for i in run(A.rstrip() + b"\n\n\r\n" + C)] == [Frame, Frame]


def test_trailing_hash_split_across_chunks():
    stream = b"abc#" + A  # "###0101…"
    whole = run(stream)
    assert summary(run(stream, chunks=[4])) == summary(whole)
    assert [(type(i).__name__, i.offset) for i in whole] == [("Rejected", 0), ("Rejected", 3), ("Frame", 4)]
    stream = b"abc" + A
    assert summary(run(stream, chunks=[4])) == summary(run(stream))  # the '#' of '##' arrives alone


def test_memory_stays_bounded():
    framer = Framer()
    out = framer.feed(b"\x00" * 1_000_000)
    assert out == [] and framer.buffered == 0 and framer.discarding == 1_000_000
    out += framer.feed(b"##9999" + b"x" * 20_000)  # holds at most one frame, then gives up on it
    assert framer.buffered <= 10_010
    out += framer.close()
    assert [(r.reason, r.length) for r in out] == [("garbage", 1_000_000), ("bad_crc_field", 20_006)]


def test_empty_stream_and_close_twice():
    framer = Framer()
    assert framer.feed(b"") == [] and framer.close() == [] and framer.close() == []


# -- properties ----------------------------------------------------------------------------------

garbage = st.binary(max_size=40).map(lambda b: b.replace(b"#", b""))  # garbage without '#'


@given(
    st.lists(st.tuples(garbage, packets()), max_size=6), garbage, st.lists(st.integers(1, 300), max_size=20)
)
def test_valid_frames_survive_garbage_and_any_split(pairs, tail, chunks):
    """ING-FRAME-1: frames with garbage between them, cut anywhere → exactly the frames, in order."""
    stream = b"".join(g + p for g, p in pairs) + tail
    items = run(stream, chunks=chunks)
    assert [f.raw for f in frames(items)] == [p.rstrip(b"\r\n") for _, p in pairs]
    assert all(f.packet.ok for f in frames(items))
    assert all(r.reason == "garbage" for r in items if isinstance(r, Rejected))
    # Offsets: each frame where it was written.
    pos, expected = 0, []
    for g, p in pairs:
        pos += len(g)
        expected.append(pos)
        pos += len(p)
    assert [f.offset for f in frames(items)] == expected


@given(st.binary(max_size=2000), st.lists(st.integers(1, 500), max_size=10))
def test_byte_soup_never_raises_and_splitting_changes_nothing(soup, chunks):
    whole = run(soup)
    assert summary(run(soup, chunks=chunks)) == summary(whole)
    offsets = [i.offset for i in whole]
    assert offsets == sorted(offsets) and all(0 <= o < max(len(soup), 1) for o in offsets)
    for item in whole:
        assert isinstance(item, Frame | Rejected)


hashy = st.lists(
    st.sampled_from([b"##", b"#", b"0101", b"0010", b"9", b"QN=1;CP=&&&&", b"1C80", b"\r\n", b"x", A, C]),
    max_size=30,
).map(b"".join)


@given(hashy, st.lists(st.integers(1, 50), max_size=10))
def test_near_miss_streams_are_deterministic(stream, chunks):
    assert summary(run(stream, chunks=chunks)) == summary(run(stream))
    rejected = sum(i.length for i in run(stream) if isinstance(i, Rejected))
    framed = sum(len(i.raw) for i in run(stream) if isinstance(i, Frame))
    assert rejected + framed <= len(stream)  # the rest are CR/LF after frames
