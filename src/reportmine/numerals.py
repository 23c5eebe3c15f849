"""Chinese, Arabic and mixed numerals to exact Decimals; pure functions.

Values are Decimals from the first digit to the record, so ``16.4亿`` is
exactly 1640000000 and not 1639999999.9999998 (LESSONS.md §1 #13).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
MULTIPLIERS: dict[str, int] = {**SMALL_UNITS, **BIG_UNITS}
#: The power of ten each magnitude character stands for.
POWERS: dict[str, int] = {ch: len(str(value)) - 1 for ch, value in MULTIPLIERS.items()}
DECIMAL_POINT = "点"
#: The largest power of ten a run of magnitude characters may reach (a float ends near 1e308).
MAX_POWER = 400

#: Every character a Chinese numeral can be written with.
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS) + DECIMAL_POINT

_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ASCII = frozenset("0123456789.")
#: The whole run of ASCII digits and points after an optional sign, if it holds a digit.
_ARABIC_HEAD = re.compile(r"[+-]?[0-9.]*[0-9][0-9.]*")


def to_decimal(numeral: str) -> Decimal:
    """The value of one numeral: ``626.12``, ``三千六百``, ``1.1万``, ``五十四万亿``, ``二〇二六``.

    Arabic digits may stand for the digits of a Chinese numeral (``3万4000``,
    ``5万4千6百``, ``1亿3千万``): each group is read as the number before its
    magnitude character. Raises ValueError for anything that is not exactly
    one well-formed numeral.
    """
    if not numeral:
        raise ValueError("empty numeral")
    head = _arabic_prefix(numeral)
    if head:
        rest = numeral[len(head) :]
        if all(ch in MULTIPLIERS for ch in rest):
            return _decimal(head) * multiplier(rest)
        sign = -1 if head[0] == "-" else 1
        return sign * Decimal(_positional(_tokens(numeral.lstrip("+-"))))
    return chinese_to_decimal(numeral)


def multiplier(chars: str) -> Decimal:
    """The product of a run of magnitude characters: ``万`` 1e4, ``千万`` 1e7, ``万亿`` 1e12.

    The powers of ten are added, not the numbers multiplied, so a long run costs
    linear time; a run beyond ``MAX_POWER`` is no magnitude a report states.
    """
    power = 0
    for ch in chars:
        try:
            power += POWERS[ch]
        except KeyError:
            raise ValueError(f"not a multiplier: {chars!r}") from None
    if power > MAX_POWER:
        raise ValueError(f"magnitude out of range: 1e{power}")
    return Decimal((0, (1,), power))


def chinese_to_decimal(numeral: str) -> Decimal:
    """The value of a numeral written in Chinese characters only."""
    integer, point, fraction = numeral.partition(DECIMAL_POINT)
    if point:
        # 十二点五万: the magnitude after the fraction applies to the whole number.
        tail = len(fraction)
        while tail and fraction[tail - 1] in MULTIPLIERS:
            tail -= 1
        digits, magnitude = fraction[:tail], fraction[tail:]
        if not digits or any(ch not in DIGITS for ch in digits):
            raise ValueError(f"bad fraction in {numeral!r}")
        whole = _chinese_integer(integer) if integer else 0
        value = _decimal(f"{int(whole)}.{''.join(str(DIGITS[ch]) for ch in digits)}")
        return value * multiplier(magnitude)
    return Decimal(_chinese_integer(numeral))


def _chinese_integer(numeral: str) -> Decimal:
    if not numeral:
        raise ValueError("empty numeral")
    if any(ch not in DIGITS and ch not in MULTIPLIERS and ch not in _ASCII for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if len(numeral) > 1 and all(ch in DIGITS for ch in numeral):
        # Digit by digit, as years and codes are written: 二〇二六.
        return Decimal("".join(str(DIGITS[ch]) for ch in numeral))
    return _positional(_tokens(numeral))


#: A token of a numeral: a digit (its value, and whether it is one digit as written:
#: 二 or 2, not 4000), or a magnitude character (its value; small units are below 万).
_Token = tuple[str, Decimal, bool]


_CHAR_TOKENS: dict[str, _Token] = {
    **{ch: ("digit", Decimal(value), True) for ch, value in DIGITS.items()},
    **{ch: ("small", Decimal(value), False) for ch, value in SMALL_UNITS.items()},
    **{ch: ("big", Decimal(value), False) for ch, value in BIG_UNITS.items()},
}


def _tokens(numeral: str) -> list[_Token]:
    """``3万4千`` → digit 3, 万, digit 4, 千; Arabic groups are one digit token each."""
    tokens: list[_Token] = []
    i = 0
    while i < len(numeral):
        token = _CHAR_TOKENS.get(numeral[i])
        if token is not None:
            tokens.append(token)
            i += 1
            continue
        match = _ARABIC.match(numeral, i)
        if match is None:
            raise ValueError(f"not a numeral: {numeral!r}")
        group = match.group()
        tokens.append(("digit", Decimal(group), len(group) == 1))
        i = match.end()
    return tokens


def _positional(tokens: list[_Token]) -> Decimal:
    """三千六百 / 十万零一千 / 五十四万亿 / 一万二 / 3万4000 (the colloquial 一万二 is 12000)."""
    total = Decimal(0)  # completed sections above 万/亿
    section = Decimal(0)  # the value below the current big unit
    digit: Decimal | None = None
    zero = False  # a 零 written since the last unit (一千零十 = 1010)
    last_small = Decimal(0)  # the small unit just written, for 一万二 / 三千五
    seen_big: list[Decimal] = []
    for kind, value, single in tokens:
        if kind == "digit":
            if digit is not None and not (digit == 0 or value == 0):
                raise ValueError("two digits in a row")
            if value == 0 and single:
                zero = True
            if digit is None or value != 0:
                digit = value
        elif kind == "small":
            if last_small and value >= last_small and digit is None:
                raise ValueError("units out of order")
            count = digit if digit else Decimal(1) if digit is None or zero else Decimal(0)
            section += count * value
            digit, zero, last_small = None, False, value
        else:
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0 and not seen_big:
                raise ValueError("bare magnitude")
            if seen_big and value == seen_big[-1]:
                raise ValueError("repeated magnitude")  # 万万, 3万4万
            if seen_big and section >= seen_big[-1]:
                raise ValueError("section overflows its magnitude")  # 3万40000
            if seen_big and value > seen_big[-1]:
                # 万亿: the running number is multiplied again (五十四万亿, 3万多亿).
                total = (total + section) * value
            else:
                total += section * value
            seen_big.append(value)
            section, zero, last_small = Decimal(0), False, Decimal(0)
    if digit is not None:
        before = tokens[-2][0] if len(tokens) > 1 and tokens[-1][2] else ""
        if last_small and before == "small":
            section += digit * last_small / 10  # 三千五 = 3500, 十五 = 15
        elif before == "big" and section == 0 and digit != 0:
            section += digit * seen_big[-1] / 10  # 一万二 = 12000
        else:
            section += digit
    if seen_big and section >= seen_big[-1]:
        raise ValueError("section overflows its magnitude")
    return total + section


def _arabic_prefix(numeral: str) -> str:
    """The sign, ASCII digits and points ``numeral`` opens with, "" when they hold no digit."""
    match = _ARABIC_HEAD.match(numeral)
    return match.group() if match else ""


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value
