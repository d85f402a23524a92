"""Contact CSV exports: which app wrote the file (from its header), and streaming its rows.

The header is found by its text, not its position: LinkedIn puts a `Notes:` preamble before it.
The delimiter is the one (`,` `;` or TAB) under which a known header appears, as European-locale Excel
writes `;`. The encoding comes from `encoding.detect_text_encoding`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netdesk.errors import ImportRefused
from netdesk.exchange import encoding as enc

DIALECTS = ("linkedin", "google", "google-old", "outlook", "thunderbird")
_NAMES = {
    "linkedin": "a LinkedIn Connections.csv",
    "google": "a Google Contacts CSV",
    "google-old": "a Google Contacts CSV",
    "outlook": "an Outlook CSV",
    "thunderbird": "a Thunderbird CSV",
}
HEADER_SEARCH_ROWS = 12
csv.field_size_limit(enc.MAX_LINE_BYTES)


def dialect_of(header: list[str]) -> str | None:
    cells = {c.strip().lower() for c in header}
    if {"first name", "last name", "company", "position", "connected on"} <= cells:
        return "linkedin"
    if {"name", "given name", "family name"} <= cells and ("group membership" in cells or "e-mail 1 - type" in cells):
        return "google-old"
    if "first name" in cells and ({"labels", "organization name", "e-mail 1 - label", "e-mail 1 - value"} & cells):
        return "google"
    if {"primary email", "display name"} <= cells:
        return "thunderbird"
    if {"first name", "last name"} <= cells and (
        {"e-mail address", "business phone", "job title", "mobile phone", "categories"} & cells
    ):
        return "outlook"
    return None


def _find_header(text: str) -> tuple[str, int, list[str], str] | None:
    """(delimiter, row index, header, dialect) for the first known header in the start of the file."""
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for index, row in enumerate(reader):
                if index >= HEADER_SEARCH_ROWS:
                    break
                dialect = dialect_of(row)
                if dialect:
                    return delimiter, index, row, dialect
        except csv.Error:
            continue
    return None


def sniff(path: Path) -> str | None:
    """The CSV dialect of `path`, or None when it is not a contact CSV that netdesk knows."""
    try:
        found = _find_header(_sample_text(path))
    except ImportRefused:
        return None
    return found[3] if found else None


def _sample_text(path: Path) -> str:
    sample = enc.read_sample(path)
    encoding = enc.bom_encoding(sample)
    if encoding is None:
        try:
            return sample.decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            if exc.start > len(sample) - 4:  # the sample cut a character in two
                return sample[: exc.start].decode("utf-8")
            encoding = enc.guess_legacy(sample) or "latin-1"
    usable = sample[: len(sample) // 2 * 2] if encoding.startswith("utf-16") else sample
    return usable.decode(encoding, errors="replace").lstrip("\ufeff")


def read_rows(path: Path, wanted: str | None = None) -> tuple[str, Iterator[tuple[int, dict[str, str]]]]:
    """(dialect, rows) where rows are (line number, {header cell: value}); refuses unknown headers."""
    enc.check_size(path)
    encoding = enc.detect_text_encoding(path, "CSV")
    found = _find_header(_sample_text(path))
    if found is None:
        expected = _NAMES.get(wanted or "", "a LinkedIn, Google, Outlook or Thunderbird contacts CSV")
        raise ImportRefused(f"{path}: no known header in the first {HEADER_SEARCH_ROWS} lines; "
                            f"this is not {expected}")
    delimiter, header_index, header, dialect = found
    if wanted and not (dialect == wanted or (wanted == "google" and dialect == "google-old")):
        raise ImportRefused(f"{path}: the header is that of {_NAMES[dialect]}, not {_NAMES[wanted]}")
    return dialect, _rows(path, encoding, delimiter, header_index, header)


def _rows(path: Path, encoding: str, delimiter: str, header_index: int,
          header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    names = [h.strip().lstrip("\ufeff") for h in header]
    width = len(names)
    for line, row in cells(path, encoding, delimiter, header_index, width):
        yield line, {names[i]: row[i] for i in range(min(width, len(row))) if names[i]}


def cells(path: Path, encoding: str, delimiter: str, header_index: int,
          width: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank row after the header; a row wider than the header is refused."""
    with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        line = 0
        try:
            for index, row in enumerate(reader):
                line = reader.line_num
                if index <= header_index or not any(cell.strip() for cell in row):
                    continue
                if len(row) > width and any(cell.strip() for cell in row[width:]):
                    raise ImportRefused(f"{path}: line {line}: {len(row)} cells, but the header has {width}; "
                                        "the columns do not match")
                yield line, row
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{path}: after line {line}: the text is not {encoding} ({exc.reason}); "
                                "mixed or wrong encoding") from None
        except csv.Error as exc:
            raise ImportRefused(f"{path}: line {reader.line_num}: {exc}") from None


@dataclass(frozen=True)
class Layout:
    """Where the header of a CSV that no known app wrote is, and how its cells are separated."""

    encoding: str
    delimiter: str
    header_index: int
    header: tuple[str, ...]


def plain_layout(path: Path) -> Layout | None:
    """The layout of any CSV text file: its first non-blank row is taken as the header, under the delimiter
    (`,` `;` TAB) that splits the first rows into the most columns, the same number in each. None: not a CSV
    (binary, one line of prose, ragged rows)."""
    enc.check_size(path)
    try:
        sample = enc.read_sample(path)
        if enc.bom_encoding(sample) is None and enc.looks_binary(sample):
            return None
        text = _sample_text(path)
        encoding = enc.detect_text_encoding(path, "CSV")
    except ImportRefused:
        return None
    best: tuple[int, str, int, list[str]] | None = None
    for delimiter in (",", ";", "\t"):
        try:
            rows = [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
                    if any(cell.strip() for cell in row)][:HEADER_SEARCH_ROWS]
        except csv.Error:
            continue
        if not rows:
            continue
        if len(rows) > 1 and len(sample) >= enc.SAMPLE_BYTES:  # the last sampled row may be cut short
            rows = rows[:-1]
        header_index, header = rows[0]
        width = len(header)
        if any(len(row) > width and any(c.strip() for c in row[width:]) for _, row in rows[1:]):
            continue
        if best is None or width > best[0]:
            best = (width, delimiter, header_index, header)
    if best is None or not any(cell.strip() for cell in best[3]):
        return None
    _, delimiter, header_index, header = best
    return Layout(encoding, delimiter, header_index, tuple(h.strip().lstrip("\ufeff") for h in header))
