"""GB 32100-2015 统一社会信用代码 (pure Python: no database, no Django settings needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecopermit.registry.credit_code import (
    CHARSET,
    WEIGHTS,
    CreditCodeError,
    compute_check_char,
    compute_org_check_char,
    is_valid_credit_code,
    make_credit_code,
    validate_credit_code,
)

# Real codes, published by their holders or in public documents, that both check characters accept.
# They are what keeps the algorithm honest: a self-consistent but wrong implementation would pass
# the generated-code tests and fail these.
REAL_CODES = [
    "91330212MA281ATH4G",  # 浙江智加信息科技有限公司 (Ningbo), registered 2015-12-17
    "91330108MA27YJ5H56",  # quoted from a listed company's sponsor document (Hangzhou)
    "91330105MA7C4PL8XP",  # 杭州勤合能源科技有限公司, buyer on a rail e-ticket invoice; X at position 17
    "91330106MAEUDLLYXY",  # 杭州无尽像素科技有限公司; X at position 17, Y as check character
    "91330109MAEPG1CB16",  # 杭州岂飞品牌管理有限公司
    "91330201MA7F0K4F64",  # 宁波和艺建筑材料有限公司
    "913302117532974515",  # embeds the pre-2015 organisation code 75329745-1
    "913201187712827042",  # embeds the pre-2015 organisation code 77128270-4
    "12440600MB2C07549J",  # a 事业单位 (dept 1, kind 2), Foshan
]
# The worked example reproduced from GB 32100-2015 (whose check character 3 the text derives).
STANDARD_EXAMPLE = "91350100M000100Y43"


def test_weights_are_powers_of_three_mod_31() -> None:
    assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)


@pytest.mark.parametrize("code", [*REAL_CODES, STANDARD_EXAMPLE])
def test_known_valid_codes_pass(code: str) -> None:
    assert validate_credit_code(code) == code
    assert is_valid_credit_code(code)
    assert compute_check_char(code[:17]) == code[17]
    assert compute_org_check_char(code[8:16]) == code[16]


def test_standard_example_check_character() -> None:
    # The standard's worked example: Σ = 1640, 1640 mod 31 = 28, 31 − 28 = 3.
    assert compute_check_char(STANDARD_EXAMPLE[:17]) == "3"
    # The standard's counter-example ends in Z, which is not even in the character set.
    with pytest.raises(CreditCodeError, match="第18位“Z”不合法：统一社会信用代码不使用字母I、O、Z、S、V"):
        validate_credit_code("91350100M000100Y4Z")
    with pytest.raises(CreditCodeError, match="第18位校验码错误：应为“3”，实为“4”"):
        validate_credit_code("91350100M000100Y44")


def test_org_check_uses_gb11714_letter_values() -> None:
    # GB 11714 values letters A=10 … Z=35 (so M=22, Y=34), not by their place in the GB 32100 charset
    # (M=21, Y=30): M000100Y → 22×3 + 1×5 + 34×2 = 139; 139 mod 11 = 7; 11 − 7 = 4.
    assert compute_org_check_char("M000100Y") == "4"
    # 10 → X and 11 → 0, the two special cases of GB 11714-1997 2.1.2.
    assert compute_org_check_char("MA7C4PL8") == "X"
    assert compute_org_check_char("00000000") == "0"


def test_normalises_case_blanks_and_full_width() -> None:
    assert validate_credit_code("  91330212ma281ath4g\n") == "91330212MA281ATH4G"
    assert validate_credit_code("９１３３０２１２ＭＡ２８１ＡＴＨ４Ｇ") == "91330212MA281ATH4G"
    assert validate_credit_code("\u300091330212MA281ATH4G\u3000") == "91330212MA281ATH4G"


@pytest.mark.parametrize("code", [*REAL_CODES, STANDARD_EXAMPLE])
def test_every_single_character_substitution_is_rejected(code: str) -> None:
    # Exhaustive: each of the 18 positions × each of the 30 other characters of the charset.
    for index in range(18):
        for char in CHARSET:
            if char == code[index]:
                continue
            mutated = code[:index] + char + code[index + 1 :]
            assert not is_valid_credit_code(mutated), f"{mutated} (position {index + 1}) was accepted"


def test_adjacent_transpositions_in_the_body_are_mostly_rejected() -> None:
    # Not a guarantee of the standard (it is not a transposition-proof scheme), so only sanity:
    # for the real codes, swapping unequal neighbours is caught in the vast majority of cases.
    caught = total = 0
    for code in REAL_CODES:
        for index in range(17):
            if code[index] == code[index + 1]:
                continue
            swapped = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
            total += 1
            caught += not is_valid_credit_code(swapped)
    assert caught / total > 0.9


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91330212MA281ATH4", "统一社会信用代码“91330212MA281ATH4”长度为17位，应为18位"),
        ("91330212MA281ATH4GG", "统一社会信用代码“91330212MA281ATH4GG”长度为19位，应为18位"),
        (
            "330200000012345",
            "统一社会信用代码“330200000012345”长度为15位，应为18位（15位数字可能是旧的工商注册号，不是统一社会信用代码）",
        ),
        (
            "75329745-1",
            "统一社会信用代码“75329745-1”长度为10位，应为18位（9位代码可能是旧的组织机构代码，不是统一社会信用代码）",
        ),
        ("", "统一社会信用代码为空"),
        ("   ", "统一社会信用代码为空"),
        (None, "统一社会信用代码为空"),
    ],
)
def test_length_errors_say_the_length_found(raw: str | None, message: str) -> None:
    with pytest.raises(CreditCodeError) as excinfo:
        validate_credit_code(raw)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "91330212MO281ATH4G",
            "统一社会信用代码“91330212MO281ATH4G”第10位“O”不合法：统一社会信用代码不使用字母I、O、Z、S、V",
        ),
        (
            "I1330212MA281ATH4G",
            "统一社会信用代码“I1330212MA281ATH4G”第1位“I”不合法：统一社会信用代码不使用字母I、O、Z、S、V",
        ),
        (
            "91330212MA281ATH#G",
            "统一社会信用代码“91330212MA281ATH#G”第17位“#”不合法：只能是数字或大写英文字母",
        ),
        (
            "9133 0212MA281ATH4G",
            "统一社会信用代码“9133 0212MA281ATH4G”第5位“ ”不合法：代码中间不能有空格",
        ),
        (
            "913302A2MA281ATH4G",
            "统一社会信用代码“913302A2MA281ATH4G”第7位“A”不合法：第3至8位是登记管理机关行政区划码，只能是数字",
        ),
    ],
)
def test_character_errors_name_the_character_and_position(raw: str, message: str) -> None:
    with pytest.raises(CreditCodeError) as excinfo:
        validate_credit_code(raw)
    assert str(excinfo.value) == message


def test_check_character_error_says_expected_and_found() -> None:
    with pytest.raises(CreditCodeError) as excinfo:
        validate_credit_code("91330212MA281ATH4H")
    assert str(excinfo.value) == "统一社会信用代码“91330212MA281ATH4H”第18位校验码错误：应为“G”，实为“H”"


def test_position_17_is_checked_even_when_position_18_fits() -> None:
    # Someone "repairing" a code by recomputing only the last character must still be caught.
    first17 = "91330212MA281ATH" + "5"  # the real position-17 character is 4
    forged = first17 + compute_check_char(first17)
    with pytest.raises(CreditCodeError) as excinfo:
        validate_credit_code(forged)
    assert (
        str(excinfo.value) == f"统一社会信用代码“{forged}”第17位（组织机构代码校验码）错误：应为“4”，实为“5”"
    )


def test_numbers_are_refused() -> None:
    with pytest.raises(CreditCodeError, match="应以文本形式填写"):
        validate_credit_code(913302117532974515)  # type: ignore[arg-type]


def test_credit_code_error_is_a_value_error() -> None:
    assert issubclass(CreditCodeError, ValueError)


def test_compute_helpers_reject_bad_input() -> None:
    with pytest.raises(CreditCodeError, match="前17位，实为16位"):
        compute_check_char("91330212MA281ATH")
    with pytest.raises(CreditCodeError, match="第10位“O”不合法"):
        compute_check_char("91330212MO281ATH4")
    with pytest.raises(CreditCodeError, match="组织机构代码本体"):
        compute_org_check_char("MA281AT")


def test_make_credit_code_defaults_to_a_dinghai_enterprise() -> None:
    code = make_credit_code("MA2A0B1C")
    assert code.startswith("91330902MA2A0B1C")
    assert validate_credit_code(code) == code
    assert make_credit_code(org_body="MA281ATH", division="330212") == "91330212MA281ATH4G"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"org_body": "MA2A0B1"}, "组织机构代码本体"),
        ({"org_body": "MA2A0B1O"}, "组织机构代码本体"),
        ({"org_body": "MA2A0B1C", "dept": "S"}, "登记管理部门代码"),
        ({"org_body": "MA2A0B1C", "kind": "12"}, "机构类别代码"),
        ({"org_body": "MA2A0B1C", "division": "33090"}, "行政区划码"),
        ({"org_body": "MA2A0B1C", "division": "33090A"}, "行政区划码"),
    ],
)
def test_make_credit_code_rejects_bad_parts(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(CreditCodeError, match=message):
        make_credit_code(**kwargs)


_charset_char = st.sampled_from(CHARSET)


@given(
    dept=_charset_char,
    kind=_charset_char,
    division=st.text(alphabet="0123456789", min_size=6, max_size=6),
    org_body=st.text(alphabet=CHARSET, min_size=8, max_size=8),
)
def test_make_credit_code_always_validates(dept: str, kind: str, division: str, org_body: str) -> None:
    code = make_credit_code(org_body, dept=dept, kind=kind, division=division)
    assert len(code) == 18
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code
    assert code[:2] == dept + kind and code[2:8] == division and code[8:16] == org_body
