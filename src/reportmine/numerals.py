"""Chinese, Arabic and mixed numerals to exact Decimals; pure functions.

Values are Decimals from the first digit to the record, so ``16.4亿`` is
exactly 1640000000 and not 1639999999.9999998 (LESSONS.md §1 #13).
"""

from __future__ import annotations

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
DECIMAL_POINT = "点"

#: Every character a Chinese numeral can be written with.
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS) + DECIMAL_POINT


def to_decimal(numeral: str) -> Decimal:
    """The value of one numeral: ``626.12``, ``三千六百``, ``1.1万``, ``五十四万亿``, ``二〇二六``.

    Raises ValueError for anything that is not exactly one well-formed numeral.
    """
    if not numeral:
        raise ValueError("empty numeral")
    head = _arabic_prefix(numeral)
    if head:
        return _decimal(head) * multiplier(numeral[len(head) :])
    return chinese_to_decimal(numeral)


def multiplier(chars: str) -> Decimal:
    """The product of a run of magnitude characters: ``万`` 1e4, ``千万`` 1e7, ``万亿`` 1e12."""
    product = 1
    for ch in chars:
        try:
            product *= MULTIPLIERS[ch]
        except KeyError:
            raise ValueError(f"not a multiplier: {chars!r}") from None
    return Decimal(product)


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
        value = _decimal(f"{whole}.{''.join(str(DIGITS[ch]) for ch in digits)}")
        return value * multiplier(magnitude)
    return Decimal(_chinese_integer(numeral))


def _chinese_integer(numeral: str) -> int:
    if not numeral:
        raise ValueError("empty numeral")
    if any(ch not in DIGITS and ch not in MULTIPLIERS for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if len(numeral) > 1 and all(ch in DIGITS for ch in numeral):
        # Digit by digit, as years and codes are written: 二〇二六.
        return int("".join(str(DIGITS[ch]) for ch in numeral))
    return _positional(numeral)


def _positional(numeral: str) -> int:
    """三千六百 / 十万零一千 / 五十四万亿 / 一万二 (the colloquial 一万二 is 12000)."""
    total = 0  # completed sections above 万/亿
    section = 0  # the value below the current big unit
    digit: int | None = None
    last_small = 0  # the small unit just written, for 一万二 / 三千五
    last_big = 1
    seen_big: list[int] = []
    for ch in numeral:
        if ch in DIGITS:
            if digit is not None and not (digit == 0 or DIGITS[ch] == 0):
                raise ValueError(f"two digits in a row in {numeral!r}")
            digit = DIGITS[ch] if digit is None or DIGITS[ch] != 0 else digit
            continue
        if ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if last_small and unit >= last_small and digit is None:
                raise ValueError(f"units out of order in {numeral!r}")
            section += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
            continue
        unit = BIG_UNITS[ch]
        if digit is not None:
            section += digit
            digit = None
        if section == 0 and total == 0 and not seen_big:
            raise ValueError(f"bare {ch} in {numeral!r}")
        if seen_big and unit > seen_big[-1]:
            # 万亿: the running number is multiplied again (五十四万亿).
            total = (total + section) * unit
        else:
            total += section * unit
        if seen_big and unit == seen_big[-1] and section == 0:
            raise ValueError(f"repeated {ch} in {numeral!r}")
        seen_big.append(unit)
        section = 0
        last_small = 0
        last_big = unit
    if digit is not None:
        if last_small and numeral[-2] in SMALL_UNITS:
            section += digit * last_small // 10  # 三千五 = 3500, 十五 = 15
        elif last_big > 1 and section == 0 and digit != 0 and _ends_unit_digit(numeral):
            section += digit * last_big // 10  # 一万二 = 12000
        else:
            section += digit
    return total + section


def _ends_unit_digit(numeral: str) -> bool:
    return len(numeral) >= 2 and numeral[-2] in BIG_UNITS and numeral[-1] in DIGITS


def _arabic_prefix(numeral: str) -> str:
    i = 0
    if numeral[:1] in "+-":
        i = 1
    while i < len(numeral) and (
        numeral[i].isascii() and (numeral[i].isdigit() or numeral[i] == ".")
    ):
        i += 1
    head = numeral[:i]
    return head if any(ch.isdigit() for ch in head) else ""


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value
