"""Split packets put back together by (MN, CN, DataTime, PNUM), with a timeout and a bound."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ecopermit.monitoring.hj212 import Reassembler, decode, encode, encode_split
from ecopermit.monitoring.tests import vectors
from ecopermit.monitoring.tests.strategies import cp_dicts

HEADER = {
    "QN": "20240301101500123",
    "ST": "32",
    "CN": "2061",
    "PW": "123456",
    "MN": "010000A8900016F000169DC0",
}


def part(pno: int, pnum: int, cp: dict[str, str], *, mn: str = HEADER["MN"], qn_ms: int = 0, flag: str = "7"):
    header = {
        **HEADER,
        "QN": f"2024030110150{qn_ms:04d}",
        "MN": mn,
        "Flag": flag,
        "PNUM": str(pnum),
        "PNO": str(pno),
    }
    return decode(encode(header, cp))


# The standard's split example [STD pp.57-60 表C.47-C.50, notes §7]: same DataTime, own QN per part,
# part 1 carries w00000 and w01001, part 2 carries w01018.
PART1 = {
    "DataTime": "20160801084000",
    "w00000-Avg": "1.0",
    "w00000-Flag": "N",
    "w01001-Avg": "7.1",
    "w01001-Flag": "N",
}
PART2 = {"DataTime": "20160801084000", "w01018-Avg": "40.1", "w01018-Flag": "N"}


def test_two_parts_in_order():
    r = Reassembler()
    assert r.add(part(1, 2, PART1, qn_ms=534), now=0) == []
    assert r.pending == 1
    [whole] = r.add(part(2, 2, PART2, qn_ms=535), now=1)
    assert whole.complete and whole.issue is None and whole.missing == ()
    assert [p.pno for p in whole.parts] == [1, 2]
    assert whole.cp == {**PART1, **PART2}
    assert whole.key == (HEADER["MN"], "2061", "20160801084000", 2)
    assert whole.header["QN"] == "20240301101500534"  # the first part's header
    assert r.pending == 0


def test_out_of_order_parts():
    r = Reassembler()
    assert r.add(part(2, 2, PART2), now=0) == []
    [whole] = r.add(part(1, 2, PART1), now=0)
    assert [p.pno for p in whole.parts] == [1, 2] and whole.complete


def test_missing_part_times_out_as_incomplete():
    r = Reassembler(timeout=30)
    r.add(part(1, 3, PART1), now=100)
    r.add(part(3, 3, PART2), now=110)
    assert r.expire(now=129) == []
    [given_up] = r.expire(now=130)
    assert not given_up.complete and given_up.issue.code == "timeout"
    assert given_up.missing == (2,)
    assert [p.pno for p in given_up.parts] == [1, 3]
    assert r.pending == 0


def test_timeout_is_reported_on_the_next_add_too():
    r = Reassembler(timeout=5)
    r.add(part(1, 2, PART1), now=0)
    out = r.add(decode(vectors.OFFICIAL), now=10)
    assert [(a.complete, a.issue and a.issue.code) for a in out] == [(False, "timeout"), (True, None)]


def test_pending_groups_are_bounded():
    r = Reassembler(max_pending=2)
    r.add(part(1, 2, PART1, mn="A" * 24), now=0)
    r.add(part(1, 2, PART1, mn="B" * 24), now=1)
    out = r.add(part(1, 2, PART1, mn="C" * 24), now=2)
    assert [(a.issue.code, a.parts[0].mn) for a in out] == [("evicted", "A" * 24)]
    assert r.pending == 2


def test_parts_group_by_datatime_not_qn():
    r = Reassembler()
    other_hour = {**PART2, "DataTime": "20160801094000"}
    assert r.add(part(1, 2, PART1, qn_ms=1), now=0) == []
    assert r.add(part(2, 2, other_hour, qn_ms=2), now=0) == []  # another hour: another group
    assert r.pending == 2
    [whole] = r.add(part(2, 2, PART2, qn_ms=999), now=0)  # different QN, same key: completes
    assert whole.complete


def test_retransmitted_part_replaces_the_first_copy():
    r = Reassembler()
    r.add(part(1, 2, PART1), now=0)
    r.add(part(1, 2, {**PART1, "w00000-Avg": "2.0"}), now=1)
    [whole] = r.add(part(2, 2, PART2), now=2)
    assert whole.cp["w00000-Avg"] == "2.0" and len(whole.parts) == 2


def test_unsplit_packets_pass_straight_through():
    [whole] = Reassembler().add(decode(vectors.OFFICIAL), now=0)
    assert whole.complete and whole.key is None and whole.cp == {"RtdInterval": "30"}
    [single] = Reassembler().add(part(1, 1, PART1), now=0)
    assert single.complete


def test_pno_without_the_split_bit_is_honoured():
    r = Reassembler()
    pno2 = decode(vectors.PNO_NO_FLAG)  # PNO=0002;PNUM=0002 and no Flag at all
    assert r.add(pno2, now=0) == []
    first = {**HEADER, "QN": "20191112091100597", "MN": pno2.mn, "CN": "2051", "PNUM": "0002", "PNO": "0001"}
    [whole] = r.add(decode(encode(first, {"DataTime": "20191112090000", "a01001-Avg": "20.1"})), now=0)
    assert whole.complete and whole.cp["a01006-Avg"] == "101.85" and whole.cp["a01001-Avg"] == "20.1"


def test_bad_numbering_is_not_kept():
    [bad] = Reassembler().add(part(3, 2, PART1), now=0)
    assert not bad.complete and bad.issue.code == "split_bad_numbering"
    [bad] = Reassembler(max_parts=10).add(part(1, 50, PART1), now=0)
    assert bad.issue.code == "split_bad_numbering"


def test_flush_gives_up_everything():
    r = Reassembler()
    r.add(part(1, 2, PART1), now=0)
    [given_up] = r.flush()
    assert given_up.issue.code == "flushed" and given_up.missing == (2,)


@given(cp_dicts(), st.randoms(use_true_random=False))
def test_encode_split_then_reassemble_in_any_order(cp, rnd):
    cp = {"DataTime": "20240301100000", **cp, **{f"a2{i:04d}-Avg": "123.456" for i in range(60)}}
    raws = encode_split({**HEADER, "Flag": "5"}, cp, max_data=400)
    assert len(raws) > 1
    rnd.shuffle(raws)
    r = Reassembler()
    out = [a for raw in raws for a in r.add(decode(raw), now=0)]
    assert len(out) == 1 and out[0].complete
    assert out[0].cp == cp
