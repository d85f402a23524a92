"""Finding contacts named in a letter (PRODUCT.md habit 3: don't use a name without clearing it).

A contact is named when its display name, or its given and family name together (either order),
appears at word boundaries, ignoring case, accents and spacing. A first name alone never counts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from netdesk.domain.text import fold

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class NameForms:
    contact_id: int
    name: str
    given: str = ""
    family: str = ""
    sort_name: str = ""  # the folded display name, as the store keeps it; folded here when absent


def unspaced_script(ch: str) -> bool:
    """Scripts written without spaces between words (CJK, kana, Thai): no word boundary is required."""
    try:
        label = unicodedata.name(ch)
    except ValueError:
        return False
    return label.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR"))


def _token_pattern(token: str) -> str:
    """Where words are not spaced (山田太郎), a letter may still space them (山田 太郎): allow it anywhere."""
    if not any(unspaced_script(ch) for ch in token):
        return re.escape(token)
    return r"\s*".join(re.escape(ch) for ch in token)


def name_pattern(text: str) -> re.Pattern[str] | None:
    """A regex over folded text for one name: its words in order, any spacing (or none) between them."""
    tokens = _TOKEN.findall(fold(text))
    if not tokens:
        return None
    body = r"[\s\-‐‑'’.,]*".join(_token_pattern(t) for t in tokens)
    head = "" if unspaced_script(tokens[0][0]) else r"(?<!\w)"
    tail = "" if unspaced_script(tokens[-1][-1]) else r"(?!\w)"
    return re.compile(head + body + tail)


def patterns_for(contact: NameForms) -> list[re.Pattern[str]]:
    forms = [contact.name]
    if contact.given.strip() and contact.family.strip():
        forms += [f"{contact.given} {contact.family}", f"{contact.family} {contact.given}"]
    compiled = [name_pattern(form) for form in forms]
    # A one-word display name is a first name alone as far as a letter can tell; it never counts.
    if len(_TOKEN.findall(fold(contact.name))) < 2 and not unspaced_script((fold(contact.name) or "a")[0]):
        compiled = compiled[1:]
    return [p for p in compiled if p is not None]


def named_in(letter: str, contacts: Iterable[NameForms]) -> list[int]:
    """Ids of the contacts that the letter names, in the order given."""
    folded = fold(letter)
    return [c.contact_id for c in contacts if any(p.search(folded) for p in patterns_for(c))]


def may_be_named(folded_letter: str, contact: NameForms) -> bool:
    """Cheap prefilter before any regex is built: the first word of some form of the name must occur.

    In scripts written without spaces the letter may still space the name, so only its first character
    is looked for.
    """
    sort_name = contact.sort_name or fold(contact.name)
    heads = [(sort_name.split() or [""])[0], fold(contact.given).split(" ")[0], fold(contact.family).split(" ")[0]]
    heads = [h[:1] if h and unspaced_script(h[0]) else h for h in heads]
    return any(h and h in folded_letter for h in heads)


def unpermitted_named_in(letter: str, contacts: Iterable[NameForms]) -> list[int]:
    """`named_in` over the contacts that pass the prefilter: what `check-letter` reports."""
    folded = fold(letter)
    return named_in(letter, [c for c in contacts if may_be_named(folded, c)])
