"""A file's headline and year from its first lines, when it has no title-shaped line.

The structure module recognises titles by their genre (…工作总结, …统计公报);
a scraped news page or a memo often has none, and its first short line that
is no sentence and no page furniture is the best name it has.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_CN_YEAR = re.compile(r"([一二三四五六七八九][〇零○一二三四五六七八九]{3})年")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
#: Lines of a page's furniture rather than its headline.
_FURNITURE = re.compile(
    r"首页|当前位置|您的位置|发布时间|发布日期|来源[:：]|浏览次数|字号|打印|关闭|分享|"
    r"[>›»]|[|]|^\s*[\d\s:：./\-年月日]+$"
)
_LOOKED_AT = 30
_LONGEST = 60


def guess_title(text: str) -> tuple[str | None, int | None]:
    """``(title, year)``: the first short line that is no sentence and no page furniture.

    The year is the first 19xx/20xx in the title (also written in Chinese
    numerals, 二〇二三年), or None.
    """
    for raw in text.splitlines()[:_LOOKED_AT]:
        line = raw.strip().strip("#").strip()
        if not 4 <= len(line) <= _LONGEST or line.endswith(("。", "；", "：", ":", "，")):
            continue
        if _FURNITURE.search(line):
            continue
        return line, _year(line)
    return None, None


def _year(title: str) -> int | None:
    found = _YEAR.search(title)
    if found:
        return int(found.group(1))
    chinese = _CN_YEAR.search(title)
    return int(chinese.group(1).translate(_CN_DIGITS)) if chinese else None
