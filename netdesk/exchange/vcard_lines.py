"""From the raw bytes of one vCard to decoded content lines, tolerating what real exporters write.

vobject's `readComponents` decodes the file as text first and then unfolds, which breaks on what the corpus
holds (../shared/corpus/PROVENANCE.md):
- UTF-8 characters split across a fold (ownCloud) and quoted-printable soft breaks inside a multi-byte
  sequence (Android): the bytes are only valid after unfolding, so unfolding has to happen on bytes;
- vCard 2.1 quoted-printable continuation lines (they carry no leading space), CR CR LF line ends, a bare CR
  inside a value, and base64 ended by a blank line;
- QP with no CHARSET (The Bat! writes Latin-2), which needs a guess per value, not per file;
- its text behaviours keep only the first comma-separated part of an unescaped `NOTE:a, b` (vCard 2.1 does
  not escape commas), silently losing the rest.
So this module does only those byte-level steps, and then hands each logical line to vobject's own
content-line parser (`vobject.base.parseLine`) for the name, group and parameters.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from netdesk.errors import ImportRefused


@dataclass
class Line:
    name: str  # upper-case
    group: str | None
    params: dict[str, list[str]]  # upper-case keys; bare 2.1 parameters are collected under TYPE
    value: str  # still vCard-escaped, except quoted-printable which is decoded (and re-escaped)
    number: int
    raw_value: bytes | None = None  # base64 payloads stay bytes
    warnings: list[str] = field(default_factory=list)


_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_BARE_ENCODINGS = {"QUOTED-PRINTABLE": "QUOTED-PRINTABLE", "BASE64": "B", "B": "B", "8BIT": "8BIT"}


def _head(line: bytes) -> bytes:
    """The part before the first colon that is not inside a quoted parameter value."""
    colon = line.find(b":")
    if colon >= 0 and b'"' not in line[:colon]:
        return line[:colon]  # the common case, without a Python loop over the bytes
    quoted = False
    for i, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return line[:i]
    return line


def _is_qp(head: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in head.upper()


def logical_lines(physical: Iterable[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """Unfold on bytes: join folds (CRLF + one space or tab) and QP soft breaks (`=` at the end of a line).

    Parts are collected and joined once per property, so a photo folded over thousands of lines costs
    linear time, not quadratic.
    """
    out: list[tuple[int, bytes]] = []
    parts: list[bytes] = []
    start = 0
    qp = qp_open = False

    def close() -> None:
        if parts:
            out.append((start, b"".join(parts)))
            parts.clear()

    for number, raw in physical:
        line = raw.rstrip(b"\r")  # CRLF and the CR CR LF of a doubled conversion
        if not line.strip():
            qp_open = False  # a blank line ends a soft-broken QP value or a 2.1 base64 block
            continue
        if parts and (qp_open or line[:1] in (b" ", b"\t")):
            if qp_open:
                parts[-1] = parts[-1][:-1]  # the soft break's `=`
                parts.append(line.lstrip() if line[:1] in (b" ", b"\t") else line)
            else:
                parts.append(line[1:])
        else:
            close()
            start = number
            parts.append(line)
            qp = _is_qp(_head(line))
        qp_open = qp and parts[-1].endswith(b"=")
    close()
    return out


def decode_text(data: bytes, charset: str | None, fallback: str | None, where: str,
                warnings: list[str]) -> str:
    """Decode one value: its declared CHARSET, else UTF-8, else the card's guessed legacy encoding."""
    if charset:
        try:
            return data.decode(_codec(charset))
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"{where}: the value is not valid {charset}; undecodable bytes were replaced")
            try:
                return data.decode(_codec(charset), errors="replace")
            except LookupError:
                return data.decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if fallback:
            return data.decode(fallback, errors="replace")
        raise ImportRefused(f"{where}: text that is neither UTF-8 nor a recognisable encoding") from None


def _codec(charset: str) -> str:
    import codecs

    return codecs.lookup(charset.strip().strip('"')).name


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


_HEADS: dict[bytes, tuple[str, str | None, dict[str, list[str]]]] = {}


def _parse_head(head: bytes, fallback: str | None, where: str, number: int,
                ) -> tuple[str, str | None, dict[str, list[str]]]:
    """Name, group and parameters of a property head, through vobject's content-line parser.

    Cached: a 10k-card file has a few dozen distinct heads (`EMAIL;TYPE=WORK`), and parsing each once
    halves the cost of reading it.
    """
    cached = _HEADS.get(head)
    if cached is not None:
        return cached
    try:
        head_text = head.decode("utf-8")
    except UnicodeDecodeError:
        head_text = head.decode(fallback or "latin-1", errors="replace")
    try:
        name, param_list, _, group = parseLine(head_text + ":", number)
    except ParseError:
        raise ImportRefused(f"{where}, line {number}: not a vCard property: {head_text[:60]!r}") from None
    params: dict[str, list[str]] = {}
    for entry in param_list:
        key = entry[0].upper()
        if len(entry) == 1:  # vCard 2.1 bare parameter: TEL;WORK;VOICE, PHOTO;BASE64, LABEL;QUOTED-PRINTABLE
            if key in _BARE_ENCODINGS:
                params.setdefault("ENCODING", []).append(_BARE_ENCODINGS[key])
            else:
                params.setdefault("TYPE", []).append(entry[0])
            continue
        values = entry[1:]
        if key == "TYPE":
            values = [v for value in values for v in value.split(",")]
        params.setdefault(key, []).extend(values)
    result = (name.upper(), group, params)
    if len(_HEADS) < 4096:
        _HEADS[head] = result
    return result


def parse(number: int, line: bytes, fallback: str | None, where: str) -> Line | None:
    """One logical line to a `Line`, or None for lines that carry nothing (a bare `FN` without a colon)."""
    head = _head(line)
    if len(head) == len(line):
        # Ximian Evolution writes a bare `FN` with no colon and no value: harmless, so it is dropped.
        # Any other line without a colon is not vCard at all, and refuses the file.
        if re.fullmatch(rb"[A-Za-z0-9._-]+", line.strip()):
            return None
        raise ImportRefused(f"{where}, line {number}: not a vCard property (no colon): "
                            f"{line[:40].decode('utf-8', 'replace')!r}")
    value_bytes = line[len(head) + 1:]
    warnings: list[str] = []
    name, group, template = _parse_head(head, fallback, where, number)
    params = {key: list(values) for key, values in template.items()}
    encoding = (params.get("ENCODING") or [""])[0].upper()
    charset = (params.pop("CHARSET", None) or [None])[0]
    result = Line(name=name, group=group, params=params, value="", number=number, warnings=warnings)
    line_where = f"{where}, line {number}"
    if encoding == "QUOTED-PRINTABLE":
        params.pop("ENCODING")
        decoded = decode_text(quopri.decodestring(value_bytes), charset, fallback, line_where, warnings)
        result.value = escape(decoded)
    elif encoding in ("B", "BASE64") and name not in _BINARY and not name.startswith("X-"):
        # Base64 on a text property (some phones encode NOTE or FN so): decode it, so it is not lost.
        try:
            data = base64.b64decode(re.sub(rb"\s+", b"", value_bytes), validate=True)
        except (binascii.Error, ValueError):
            raise ImportRefused(f"{line_where}: {name} is marked base64 but is not valid base64") from None
        params.pop("ENCODING")
        result.value = escape(decode_text(data, charset, fallback, line_where, warnings))
    elif encoding in ("B", "BASE64"):
        result.raw_value = value_bytes
    else:
        # A CR left inside a value after the line-end clean-up was a line break inside a field.
        text = decode_text(value_bytes, charset, fallback, line_where, warnings)
        result.value = text.replace("\r", "\\n") if "\r" in text else text
    return result


def needs_guess(lines: list[tuple[int, bytes]]) -> bytes:
    """The bytes of this card that are not UTF-8 and carry no CHARSET, for one encoding guess per card."""
    if not any(b"QUOTED-PRINTABLE" in line[:200].upper() for _, line in lines):
        try:
            b"\n".join(line for _, line in lines).decode("utf-8")
            return b""
        except UnicodeDecodeError:
            pass
    odd = []
    for _, line in lines:
        head = _head(line)
        if b"CHARSET" in head.upper():
            continue
        value = line[len(head) + 1:]
        if _is_qp(head):
            value = quopri.decodestring(value)
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            odd.append(value)
    return b"\n".join(odd)
