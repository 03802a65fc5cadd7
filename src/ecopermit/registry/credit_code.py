"""统一社会信用代码 (unified social credit identifier): validation and generation.

Pure Python on purpose (no Django import): the spreadsheet importer reports errors through it, so
the messages are plain Chinese strings that say exactly what is wrong and where.

Where the rules come from
=========================

GB 32100-2015《法人和其他组织统一社会信用代码编码规则》. Its tables of 登记管理部门代码 and
机构类别代码 were widened by amendment XG1-2016 and may grow again, so positions 1 and 2 are only
checked against the character set, never against a list of known values.

* 4.1 代码结构 — 18 characters, Arabic digits or upper-case Latin letters **except I, O, Z, S, V**,
  in five parts: position 1 登记管理部门代码; position 2 机构类别代码; positions 3–8
  登记管理机关行政区划码 (the registering authority's division code, GB/T 2260, so digits only);
  positions 9–17 主体标识码（组织机构代码）coded by GB 11714; position 18 校验码.
* 第18位校验码 (the standard's check-character clause and its two tables): the 31 characters
  ``0123456789ABCDEFGHJKLMNPQRTUWXY`` take the values 0–30 in that order (代码字符集); the weight of
  position *i* is W_i = 3^(i-1) mod 31, i.e. 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
  13, 8, 24, 10, 30, 28 (加权因子); C18 = 31 − MOD(Σ C_i × W_i, 31), and a result of
  31 is written as the character of value 0. (Clause 4.1 is confirmed from quotations of the text;
  the clause number of the check rule was not. The formula, both tables and the worked example
  91350100M000100Y4Z → check 3 were checked against secondary reproductions of the standard, and
  the algorithm against real published codes.)

GB 11714-1997《全国组织机构代码编制规则》, for positions 9–17 (the old nine-character 组织机构代码):

* 2.1 代码的结构 — 8 本体代码 characters plus 1 校验码.
* 2.1.2 校验码 — C9 = 11 − MOD(Σ C_i × W_i, 11) over the 8 body characters with
  weights 3, 7, 9, 10, 5, 8, 4, 2; C9 = 10 is written ``X`` and C9 = 11 is written ``0``.
* 附录A 代码字符集 — digits have their own value, letters A–Z the values 10–35 (A=10 … Z=35). Note
  this is *not* the GB 32100 value table: ``J`` is 19 here but 18 there, because GB 11714 counts the
  letters GB 32100 leaves out.
* 2.2 表示形式 — a hyphen may separate body and check for human reading (``75329745-1``); it is
  never part of the 18-character code.

Both check characters are verified. A single wrong character anywhere is always caught by the
position-18 check (31 is prime and no weight is a multiple of it); position 17 catches most errors
in positions 9–16 as well and lets the message point at the organisation-code part.

Checked against published real codes (see the tests): e.g. 91330212MA281ATH4G, 91330108MA27YJ5H56,
913302117532974515 (which embeds the pre-2015 organisation code 75329745-1).

Known limitation: a few codes issued before the national rules settled (reported for some Xiamen
enterprises registered before 2016, e.g. 91350203M0001QKT19) carry a position-18 character that
does not satisfy the standard. They are rejected here; accepting such an enterprise is a decision
for the officer, not for this module.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "CHARSET",
    "CODE_LENGTH",
    "WEIGHTS",
    "CreditCodeError",
    "compute_check_char",
    "compute_org_check_char",
    "is_valid_credit_code",
    "make_credit_code",
    "validate_credit_code",
]

CODE_LENGTH = 18

# GB 32100-2015 代码字符集: value = index. I, O, Z, S, V are left out (too easily misread).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: value for value, char in enumerate(CHARSET)}
_EXCLUDED_LETTERS = frozenset("IOZSV")

# GB 32100-2015 加权因子 for positions 1–17: 3**(i-1) mod 31; spelled out so a reader can compare it
# with the standard's table, and asserted below so a typo cannot slip in.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS

# GB 11714-1997 2.1.2 weights over the 8 body characters of the organisation code.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_DIVISION_SLICE = slice(2, 8)  # positions 3–8
_ORG_SLICE = slice(8, 17)  # positions 9–17


class CreditCodeError(ValueError):
    """A malformed or inconsistent code; ``str(error)`` is a Chinese message for users."""


def _org_value(char: str) -> int:
    # GB 11714-1997 附录A: 0–9 as themselves, A–Z as 10–35 (base-36 digit value).
    return int(char, 36)


def compute_org_check_char(body: str) -> str:
    """GB 11714-1997 check character (position 17 of a credit code) for the 8-character body."""
    if len(body) != 8 or not all(char in _VALUE for char in body):
        raise CreditCodeError(f"组织机构代码本体“{body}”应为8位数字或大写英文字母（不使用I、O、Z、S、V）")
    remainder = sum(_org_value(char) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def compute_check_char(first17: str) -> str:
    """GB 32100-2015 check character (position 18) for the first 17 characters."""
    if len(first17) != CODE_LENGTH - 1:
        raise CreditCodeError(f"计算校验码需要前17位，实为{len(first17)}位")
    for position, char in enumerate(first17, start=1):
        if char not in _VALUE:
            raise CreditCodeError(_bad_char_message(first17, position, char))
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    # 31 - 0 = 31 has no character; the standard writes it as the character of value 0.
    return CHARSET[(31 - total % 31) % 31]


def _normalize(raw: str) -> str:
    # NFKC folds full-width digits/letters typed with a Chinese IME into ASCII; codes are upper-case.
    return unicodedata.normalize("NFKC", raw).strip().upper()


def _bad_char_message(code: str, position: int, char: str) -> str:
    where = f"统一社会信用代码“{code}”第{position}位“{char}”不合法："
    if char in _EXCLUDED_LETTERS:
        return where + "统一社会信用代码不使用字母I、O、Z、S、V"
    if char.isspace():
        return where + "代码中间不能有空格"
    return where + "只能是数字或大写英文字母"


def validate_credit_code(raw: str | None) -> str:
    """Returns the normalised code (stripped, upper-case) or raises :class:`CreditCodeError`.

    Checks, in this order so that the first message is the most useful one: blanks inside the
    code; length; each character (its position in the message); positions 3–8 are digits; the
    position-18 check character (GB 32100); the position-17 organisation-code check character
    (GB 11714).
    """
    if raw is None:
        raise CreditCodeError("统一社会信用代码为空")
    if not isinstance(raw, str):
        # Spreadsheets turn all-digit codes into numbers, which may be rounded or lose zeros.
        raise CreditCodeError(f"统一社会信用代码“{raw}”应以文本形式填写，而不是数字")
    code = _normalize(raw)
    if not code:
        raise CreditCodeError("统一社会信用代码为空")

    # A blank inside the code also makes the length wrong; pointing at the blank says more.
    blank = next((position for position, char in enumerate(code, start=1) if char.isspace()), None)
    if blank is not None:
        raise CreditCodeError(_bad_char_message(code, blank, code[blank - 1]))

    if len(code) != CODE_LENGTH:
        message = f"统一社会信用代码“{code}”长度为{len(code)}位，应为18位"
        # Name the usual mix-ups: the old 15-digit business registration number and the old
        # 9-character organisation code (often written with a hyphen).
        if len(code) == 15 and code.isdigit():
            message += "（15位数字可能是旧的工商注册号，不是统一社会信用代码）"
        elif len(code.replace("-", "")) == 9:
            message += "（9位代码可能是旧的组织机构代码，不是统一社会信用代码）"
        raise CreditCodeError(message)

    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            raise CreditCodeError(_bad_char_message(code, position, char))
    for position in range(_DIVISION_SLICE.start + 1, _DIVISION_SLICE.stop + 1):
        char = code[position - 1]
        if not char.isdigit():
            raise CreditCodeError(
                f"统一社会信用代码“{code}”第{position}位“{char}”不合法：第3至8位是登记管理机关行政区划码，只能是数字"
            )

    expected = compute_check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(f"统一社会信用代码“{code}”第18位校验码错误：应为“{expected}”，实为“{code[17]}”")

    org = code[_ORG_SLICE]
    expected_org = compute_org_check_char(org[:8])
    if org[8] != expected_org:
        raise CreditCodeError(
            f"统一社会信用代码“{code}”第17位（组织机构代码校验码）错误：应为“{expected_org}”，实为“{org[8]}”"
        )
    return code


def is_valid_credit_code(raw: str | None) -> bool:
    """Whether ``raw`` passes :func:`validate_credit_code` (never raises)."""
    try:
        validate_credit_code(raw)
    except CreditCodeError:
        return False
    return True


def make_credit_code(org_body: str, *, dept: str = "9", kind: str = "1", division: str = "330902") -> str:
    """Builds a valid code for demo data: both check characters are computed.

    ``org_body`` is the 8-character body of the organisation code (positions 9–16); ``dept`` and
    ``kind`` are positions 1 and 2 (default 9/1: 工商登记的企业); ``division`` is positions 3–8
    (default 330902, 舟山市定海区). Never hand out generated codes as real ones: they are
    well-formed, not registered.
    """
    dept, kind, division, org_body = (_normalize(part) for part in (dept, kind, division, org_body))
    for label, part in (("登记管理部门代码", dept), ("机构类别代码", kind)):
        if len(part) != 1 or part not in _VALUE:
            raise CreditCodeError(f"{label}“{part}”应为1位数字或大写英文字母（不使用I、O、Z、S、V）")
    if len(division) != 6 or not division.isascii() or not division.isdigit():
        raise CreditCodeError(f"登记管理机关行政区划码“{division}”应为6位数字")
    org = org_body + compute_org_check_char(org_body)
    first17 = dept + kind + division + org
    return first17 + compute_check_char(first17)
