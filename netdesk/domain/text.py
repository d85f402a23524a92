"""Text folding for search and name matching: case, accents and width are ignored, any script works."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose but people type without the stroke.
_EXTRA_FOLDS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, width-normalised text with single spaces.

    `fold("Ångström") == "angstrom"`; CJK and other scripts pass through unchanged (NFKC-normalised),
    so `山田` still finds `山田太郎`.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = unicodedata.normalize("NFKC", stripped).translate(_EXTRA_FOLDS)
    return _SPACES.sub(" ", stripped).strip()


# Scripts whose names are written family name first with no space inside (Chinese, Japanese, Korean):
# the avatar shows the family name's first character, as address books there do.
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3130, 0x318F), (0x3400, 0x4DBF),
               (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
# Thai and Lao vowels written before the consonant they follow in speech: an initial is that consonant.
_LEADING_VOWELS = frozenset(chr(c) for c in (*range(0x0E40, 0x0E45), *range(0x0EC0, 0x0EC5)))
_ZWNJ = "\u200c"  # keeps two Arabic initials apart instead of joining them into a word


def _is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in _CJK_RANGES)


def _first_grapheme(word: str) -> str:
    """The word's first letter or digit with the marks and conjunct consonants that belong to it
    (Devanagari `प्रि` of `प्रिया`, not `प`); leading punctuation and Thai leading vowels are skipped."""
    chars = unicodedata.normalize("NFC", word)
    start = next((i for i, ch in enumerate(chars)
                  if unicodedata.category(ch)[0] in "LN" and ch not in _LEADING_VOWELS), None)
    if start is None:
        return ""
    out = chars[start]
    if 0x0E00 <= ord(out) <= 0x0EFF:
        return out  # Thai and Lao initials are the bare consonant
    i = start + 1
    while i < len(chars):
        ch = chars[i]
        if unicodedata.category(ch).startswith("M") or ch == "\u200d":
            out += ch
        elif unicodedata.combining(out[-1]) == 9 and unicodedata.category(ch).startswith("L"):
            out += ch  # a virama joins the next consonant into one conjunct
        else:
            break
        i += 1
    return out


def _script_joins(ch: str) -> bool:
    """Arabic-type scripts, whose letters join: two initials side by side would read as a word."""
    return 0x0600 <= ord(ch) <= 0x08FF or 0x0700 <= ord(ch) <= 0x074F or 0xFB50 <= ord(ch) <= 0xFEFF


def initials(name: str) -> str:
    """One or two initials for an avatar, right for any script: Latin "AS", Arabic two letters kept apart,
    Hebrew right to left, CJK the family name's first character, Devanagari whole conjuncts."""
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if _first_grapheme(p)]
    if not parts:
        return "?"
    first = _first_grapheme(parts[0])
    if _is_cjk(first[0]):
        return first  # family name first, one character
    if len(parts) == 1:
        word = unicodedata.normalize("NFC", parts[0])
        if word.isascii():
            letters = [ch for ch in word if ch.isalnum()]
            return "".join(letters[:2]).upper() or "?"
        return first.upper()
    last = _first_grapheme(parts[-1])
    if _script_joins(first[0]) or _script_joins(last[0]):
        return first + _ZWNJ + last
    return (first + last).upper()


def split_name(name: str) -> tuple[str, str]:
    """A best guess at (given, family) from a display name (titles, suffixes, family-name-first scripts)."""
    from netdesk.domain.names import split_name as split

    return split(name)
