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


def initials(name: str) -> str:
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if p]
    if not parts:
        return "?"
    if len(parts) == 1:
        return parts[0][:2].upper() if parts[0].isascii() else parts[0][:1]
    return (parts[0][:1] + parts[-1][:1]).upper()


def split_name(name: str) -> tuple[str, str]:
    """A best guess at (given, family) from a display name (titles, suffixes, family-name-first scripts)."""
    from netdesk.domain.names import split_name as split

    return split(name)
