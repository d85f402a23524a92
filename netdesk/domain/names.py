"""A person's structured name (family, given, ...) guessed from a display name, when no source gave one.

A source's own structured name (a vCard's N, a CSV's First/Last columns) always wins and is never re-split;
this is only for a name typed or read as one string. The display name itself is kept exactly as given.

- Western order with titles and suffixes (`Dr. Anna O'Brien, PhD`): nameparser, a maintained parser that
  knows titles, suffixes and particles (`van der Berg`).
- Family name first: Chinese, Japanese and Korean names (`山田 太郎`, `김민준`, `Kim Min-jun`), Vietnamese
  (`Nguyễn Thị Minh Khai`: the family name is the first word) and Hungarian (`Kovács János`). nameparser
  does not know these conventions, so they are recognised here by script, letters and common family names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from nameparser import HumanName


@dataclass(frozen=True)
class StructuredName:
    family: str = ""
    given: str = ""
    additional: str = ""
    prefix: str = ""
    suffix: str = ""

    def n(self) -> list[str]:
        """The five parts of a vCard N, in its order."""
        return [self.family, self.given, self.additional, self.prefix, self.suffix]


# Two-character family names; a single character is the rule in Chinese and Korean.
_HAN_COMPOUND = {"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "尉迟", "尉遲",
                 "公孙", "公孫", "慕容", "令狐", "夏侯", "长孙", "長孫", "宇文", "司徒", "轩辕", "軒轅", "端木"}
_HANGUL_COMPOUND = {"남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방"}
_KOREAN_ROMAN = {"kim", "lee", "yi", "park", "pak", "choi", "choe", "jung", "jeong", "chung", "kang", "cho", "jo",
                 "yoon", "yun", "jang", "chang", "lim", "im", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn",
                 "song", "ryu", "yoo", "hong", "jeon", "ko", "moon", "yang", "son", "bae", "baek", "heo", "nam"}
_VIETNAMESE = {"nguyễn", "nguyen", "trần", "tran", "lê", "phạm", "pham", "hoàng", "hoang", "huỳnh", "huynh",
               "phan", "vũ", "võ", "đặng", "dang", "bùi", "bui", "đỗ", "hồ", "ngô", "dương", "duong", "lý", "đinh",
               "trương", "truong", "đào", "lương", "luong", "trịnh", "trinh", "mai", "tô", "lâm", "châu", "quách"}
_VIETNAMESE_MIDDLE = {"thị", "thi", "văn", "van", "đức", "duc", "hữu", "huu", "minh", "ngọc", "ngoc", "quang"}
# Letters found in Vietnamese and in no other language that writes names in the Latin script.
_VIETNAMESE_LETTERS = set("ăắằẳẵặơớờởỡợưứừửữựđảẩẫạậẻẽẹềểễệỉĩịỏổỗọộỷỹỵủũụ")
_HUNGARIAN = {"nagy", "kovács", "tóth", "szabó", "horváth", "varga", "kiss", "molnár", "németh", "farkas",
              "balogh", "papp", "takács", "juhász", "lakatos", "mészáros", "oláh", "rácz", "fekete", "szilágyi",
              "török", "fehér", "balázs", "gál", "kis", "szűcs", "kocsis", "orsós", "pintér", "fodor", "szalai",
              "sipos", "magyar", "lukács", "gulyás", "biró", "király", "katona", "lászló", "jakab", "bogdán"}
_HUNGARIAN_LETTERS = set("őű")
_HUNGARIAN_GIVEN = {"lászló", "istván", "józsef", "jános", "zoltán", "sándor", "gábor", "ferenc", "attila",
                    "péter", "tamás", "zsolt", "tibor", "andrás", "csaba", "imre", "lajos", "györgy", "balázs",
                    "mária", "erzsébet", "katalin", "éva", "ilona", "anna", "zsuzsanna", "margit", "judit",
                    "ágnes", "andrea", "erika", "krisztina", "zsófia", "eszter", "réka", "dóra", "gergely"}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH")):
        return "han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "kana"
    if name.startswith("HANGUL"):
        return "hangul"
    return "other" if ch.isalpha() else ""


def _scripts(text: str) -> set[str]:
    return {s for s in map(_script, text) if s}


def is_family_first_script(text: str) -> bool:
    """Whether `text` is written in a script whose names put the family name first (CJK)."""
    return bool(_scripts(text) & {"han", "kana", "hangul"})


def split_display_name(display: str) -> StructuredName:
    """The structured name a display name most likely stands for."""
    words = display.split()
    if not words:
        return StructuredName()
    if is_family_first_script(display):
        return _east_asian(words)
    lowered = [w.casefold() for w in words]
    if len(words) >= 2 and _vietnamese(lowered):
        return StructuredName(family=words[0], given=" ".join(words[1:]))
    if len(words) == 2 and _hungarian(lowered):
        return StructuredName(family=words[0], given=words[1])
    if len(words) >= 2 and lowered[0] in _KOREAN_ROMAN and "-" in words[1] and len(words) == 2:
        return StructuredName(family=words[0], given=words[1])  # `Kim Min-jun`: the hyphenated given name
    if len(words) == 1:
        return StructuredName(given=words[0])
    parsed = HumanName(display)
    given = " ".join(p for p in (parsed.first,) if p)
    if not (parsed.first or parsed.last):
        return StructuredName(given=display.strip())
    return StructuredName(family=parsed.last, given=given, additional=parsed.middle,
                          prefix=parsed.title, suffix=parsed.suffix)


def _east_asian(words: list[str]) -> StructuredName:
    if len(words) >= 2:
        return StructuredName(family=words[0], given=" ".join(words[1:]))
    word = words[0]
    scripts = _scripts(word)
    if "kana" in scripts or "other" in scripts:
        return StructuredName(family=word)  # a Japanese name without a space: where it splits is not known
    compound = _HANGUL_COMPOUND if "hangul" in scripts else _HAN_COMPOUND
    if len(word) >= 3 and word[:2] in compound:
        return StructuredName(family=word[:2], given=word[2:])
    if 2 <= len(word) <= 3:
        return StructuredName(family=word[:1], given=word[1:])
    return StructuredName(family=word)  # four or more characters: a Japanese name, or a compound family name


def _vietnamese(lowered: list[str]) -> bool:
    if any(ch in _VIETNAMESE_LETTERS for w in lowered for ch in w):
        return True
    return lowered[0] in _VIETNAMESE and len(lowered) >= 3 and lowered[1] in _VIETNAMESE_MIDDLE


def _hungarian(lowered: list[str]) -> bool:
    family, given = lowered
    if family in _HUNGARIAN and (given in _HUNGARIAN_GIVEN or any(ch in _HUNGARIAN_LETTERS for ch in given)):
        return True
    return any(ch in _HUNGARIAN_LETTERS for ch in family) and given in _HUNGARIAN_GIVEN


def split_name(display: str) -> tuple[str, str]:
    """(given, family) of a display name (see `split_display_name`)."""
    parsed = split_display_name(display)
    given = " ".join(p for p in (parsed.given, parsed.additional) if p)
    return given, parsed.family


def join_name(given: str, family: str) -> str:
    """A display name from a source's given and family names, in the order the script writes them."""
    given, family = given.strip(), family.strip()
    if not (given and family):
        return given or family
    if is_family_first_script(given + family):
        separator = "" if _scripts(given + family) <= {"han", "kana", "hangul"} else " "
        return f"{family}{separator}{given}"
    return f"{given} {family}"
