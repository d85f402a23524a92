"""Reading vCard 2.1, 3.0 and 4.0 files as a stream of `ContactRecord`s.

The file is read line by line and cut into cards at BEGIN/END, so memory holds one card at a time.
Anything that is not a card (text before the first BEGIN, a BEGIN without END) refuses the whole file,
naming the record and line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from netdesk.errors import ImportRefused
from netdesk.exchange import encoding as enc
from netdesk.exchange.card import ContactRecord
from netdesk.exchange.vcard_lines import logical_lines, needs_guess, parse
from netdesk.exchange.vcard_map import apply_line, finish, unescape

_BEGIN = re.compile(rb"^\s*(?:[A-Za-z0-9-]+\.)?BEGIN\s*:\s*VCARD\s*$", re.I)
_END = re.compile(rb"^\s*(?:[A-Za-z0-9-]+\.)?END\s*:\s*VCARD\s*$", re.I)
# vdirsyncer's single-file storage wraps its cards in BEGIN/END:VADDRESSBOOK; the wrapper carries nothing.
_WRAPPER = re.compile(rb"^\s*(?:BEGIN|END)\s*:\s*VADDRESSBOOK\s*$", re.I)


def sniff(sample: bytes) -> bool:
    """Whether a file starts like a vCard (after a BOM, blank lines, in UTF-8 or UTF-16)."""
    text = _sample_text(sample)
    return bool(re.match(r"\s*(?:BEGIN\s*:\s*VADDRESSBOOK\s*)?(?:[A-Za-z0-9-]+\.)?BEGIN\s*:\s*VCARD", text, re.I))


def _sample_text(sample: bytes) -> str:
    announced = enc.bom_encoding(sample)
    if announced:
        return sample[: len(sample) // 2 * 2].decode(announced, errors="replace").lstrip("\ufeff")
    return sample.decode("utf-8", errors="replace")


def _open_utf8_lines(path: Path) -> BinaryIO:
    """A binary line source; UTF-16 files are re-encoded to UTF-8 on the fly so the rest sees bytes."""
    sample = enc.read_sample(path)
    announced = enc.bom_encoding(sample)
    handle = path.open("rb")
    if announced in ("utf-16", "utf-16-le", "utf-16-be"):
        text = io.TextIOWrapper(handle, encoding=announced, errors="strict", newline="")
        return _Reencoded(text)
    if announced == "utf-8-sig":
        handle.read(3)
    elif enc.looks_binary(sample):
        handle.close()
        raise ImportRefused(f"{path}: binary data, not a vCard file")
    if b"\r" in sample and b"\n" not in sample:
        # Classic Mac OS ended lines with CR alone. Split on it, bytes unchanged (latin-1 both ways).
        return _Reencoded(io.TextIOWrapper(handle, encoding="latin-1", newline=""), "latin-1")
    return handle


class _Reencoded(io.RawIOBase):
    """Lines of a text stream as bytes (UTF-8 unless told otherwise)."""

    def __init__(self, text: io.TextIOWrapper, encoding: str = "utf-8") -> None:
        self._text = text
        self._encoding = encoding

    def readline(self, limit: int = -1) -> bytes:  # overrides io.RawIOBase.readline
        try:
            line = self._text.readline(limit if limit > 0 else -1)
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"the UTF-16 text is broken ({exc.reason})") from None
        return line.lstrip("\ufeff").encode(self._encoding)

    def close(self) -> None:
        self._text.close()
        super().close()


def read_cards(path: Path) -> Iterator[tuple[int, int, list[tuple[int, bytes]]]]:
    """(record number, first line, physical lines) for each card, streaming."""
    enc.check_size(path)
    handle = _open_utf8_lines(path)
    record = 0
    current: list[tuple[int, bytes]] | None = None
    start = 0
    number = 0
    try:
        while True:
            try:
                raw = handle.readline(enc.MAX_LINE_BYTES + 1)
            except ImportRefused as exc:
                raise ImportRefused(f"{path}: line {number + 1}: {exc}") from None
            if not raw:
                break
            number += 1
            if len(raw) > enc.MAX_LINE_BYTES:
                raise ImportRefused(f"{path}: line {number} is longer than 1 MB; this is not a contact file")
            line = raw.rstrip(b"\n")
            if current is None:
                if _BEGIN.match(line):
                    record += 1
                    current, start = [], number
                elif _WRAPPER.match(line):
                    continue
                elif line.strip(b" \t\r\x00\x1a"):  # \x1a: the DOS end-of-file mark some exporters add
                    where = f"record {record + 1}" if record else "before the first card"
                    raise ImportRefused(f"{path}: line {number} ({where}): expected BEGIN:VCARD, "
                                        f"found {line[:40].decode('utf-8', 'replace')!r}")
                continue
            if _END.match(line):
                yield record, start, current
                current = None
            elif _BEGIN.match(line):
                # vCard 2.1 allows nested AGENT cards; nobody exports them, and a second BEGIN before END
                # is far more often a truncated card.
                raise ImportRefused(f"{path}: record {record}, line {number}: BEGIN:VCARD inside a card "
                                    f"that started on line {start} and never ended")
            else:
                current.append((number, line))
    finally:
        handle.close()
    if current is not None:
        raise ImportRefused(f"{path}: record {record} (line {start}) has no END:VCARD; the file is truncated")
    if record == 0:
        raise ImportRefused(f"{path}: no vCard found (no BEGIN:VCARD line)")


def read_vcards(path: Path, warnings: list[str] | None = None) -> Iterator[ContactRecord]:
    """Records of a vCard file, one per card (Apple group cards are marked `extra["kind"] = "group"`)."""
    seen = _Encodings()
    for record_no, start, physical in read_cards(path):
        yield card_to_record(physical, f"{path}: record {record_no}", start, warnings, seen)


class _Encodings:
    """Which encodings the cards of one file used so far, to refuse files that mix them.

    A card with bytes that are not UTF-8 and no CHARSET gets its encoding guessed (The Bat! writes
    Latin-2). But when the same file also holds real UTF-8 text, the file was stitched together from two
    sources, and any guess would garble one of them: that is refused, naming both places.
    """

    def __init__(self) -> None:
        self.utf8: str | None = None
        self.legacy: str | None = None

    def check(self, lines: list[tuple[int, bytes]], odd: bytes, where: str) -> None:
        if odd:
            self.legacy = self.legacy or where
        if self.utf8 is None or self.legacy:
            if any(enc.UTF8_MULTIBYTE.search(line) for _, line in lines):
                self.utf8 = self.utf8 or where
        if self.utf8 and self.legacy:
            raise ImportRefused(f"{where}: mixed encodings: {self.utf8} is UTF-8 but {self.legacy} is not "
                                "(and declares no CHARSET); save the file again as UTF-8")


def card_to_record(physical: list[tuple[int, bytes]], where: str, start: int,
                   warnings: list[str] | None = None, seen: _Encodings | None = None) -> ContactRecord:
    lines = logical_lines(physical)
    fallback = None
    odd = needs_guess(lines)
    if seen is not None:
        seen.check(lines, odd, where)
    if odd:
        fallback = enc.guess_legacy(odd)
        if fallback is None:
            raise ImportRefused(f"{where}: the text encoding cannot be recognised")
    record = ContactRecord(where=f"{where} (line {start})")
    groups: dict[str, str] = {}
    parsed = []
    for number, raw in lines:
        line = parse(number, raw, fallback, where)
        if line is None:
            continue
        if line.name == "X-ABLABEL" and line.group:
            groups[line.group.lower()] = unescape(line.value)
            if warnings is not None:
                warnings.extend(line.warnings)
            continue
        parsed.append(line)
    for line in parsed:
        label = groups.get(line.group.lower()) if line.group else None
        apply_line(record, line, label, where)
        if warnings is not None:
            warnings.extend(line.warnings)
    finish(record)
    return record
