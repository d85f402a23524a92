"""Guessing the text encoding of an imported file, and the size limits that keep memory bounded.

Contact exports arrive as UTF-8 (with or without BOM), UTF-16 (with a BOM, or big-endian without one as old
Mac Address Book wrote it), Windows code pages and Shift_JIS. A BOM or the NUL-byte pattern of UTF-16 decides
at once; otherwise UTF-8 is tried strictly, and only text that is not UTF-8 is handed to charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from netdesk.errors import ImportRefused

MAX_FILE_BYTES = 100 * 1024 * 1024  # a contact export of 100 MB is already ~300k contacts with photos
MAX_LINE_BYTES = 1024 * 1024  # a 1 MB line is no longer a contact field but a broken or hostile file
SAMPLE_BYTES = 64 * 1024

# Valid UTF-8 multi-byte sequences. Their presence next to invalid bytes means two encodings were mixed.
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_KANA = re.compile("[\u3040-\u30ff]")
# Encodings charset-normalizer may answer with that we accept for contact data. Anything more exotic for
# a contact list is far more likely a wrong guess on binary junk.
_PLAUSIBLE = {
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15",
    "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr", "gb18030", "gb2312", "big5", "koi8_r", "mac_roman",
    "iso8859_5", "iso8859_7", "cp874", "cp1255", "cp1256", "utf_16", "utf_16_le", "utf_16_be", "ascii",
}


def check_size(path: Path) -> int:
    """The file's size, refusing missing, empty and oversized files with a message naming it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise ImportRefused(f"{path}: is a folder, not a file")
    if size == 0:
        raise ImportRefused(f"{path}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{path}: the file is {size // (1024 * 1024)} MB; files over {MAX_FILE_BYTES // (1024 * 1024)} MB "
            "are refused (split the export into smaller files)"
        )
    return size


def read_sample(path: Path, size: int = SAMPLE_BYTES) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror})") from None


def bom_encoding(sample: bytes) -> str | None:
    """The encoding a byte-order mark (or UTF-16's NUL pattern, for files without one) announces."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = sample[:200]
    if len(head) >= 4:
        # ASCII text in UTF-16 has a NUL in every other byte: before the letter in BE, after it in LE.
        even_nul = head[0::2].count(0)
        odd_nul = head[1::2].count(0)
        half = len(head) // 2
        if even_nul > half * 0.6 and odd_nul == 0:
            return "utf-16-be"
        if odd_nul > half * 0.6 and even_nul == 0:
            return "utf-16-le"
    return None


def looks_binary(sample: bytes) -> bool:
    """NUL bytes or many control characters in a file that is not UTF-16: an image, archive or database."""
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample[:4096] if byte < 9 or 13 < byte < 32)
    return controls > max(4, len(sample[:4096]) // 100)


def guess_legacy(data: bytes) -> str | None:
    """Best guess for text that is not UTF-8, or None when nothing plausible fits."""
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if m.encoding in _PLAUSIBLE]
    if not matches:
        return None
    # charset-normalizer scores Shift_JIS and Korean cp949 alike on short names; kana only exist in
    # Japanese, so a decoding that yields them is the right one.
    for match in matches[:3]:
        if match.encoding in ("cp932", "shift_jis", "euc_jp") and _KANA.search(str(match)):
            return match.encoding
    return matches[0].encoding


def detect_text_encoding(path: Path, what: str) -> str:
    """The encoding to read the whole of `path` with, refusing binary files and mixed encodings.

    The file is scanned in chunks, so a large one is never held whole.
    """
    sample = read_sample(path)
    announced = bom_encoding(sample)
    if announced:
        return announced
    if looks_binary(sample):
        raise ImportRefused(f"{path}: binary data, not a {what} file")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line = 1
    first_bad: int | None = None
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    first_bad = line + chunk[: exc.start].count(b"\n")
                    break
                line += chunk.count(b"\n")
            else:
                decoder.decode(b"", final=True)
                return "utf-8"
        high = matched = 0  # a second pass only for files that are not UTF-8
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                high += len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
                matched += sum(len(m) for m in UTF8_MULTIBYTE.findall(chunk))
    except UnicodeDecodeError:
        raise ImportRefused(f"{path}: line {line}: the file ends inside a UTF-8 character (truncated?)") from None
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror})") from None
    # In a legacy encoding, byte pairs that happen to form UTF-8 are rare; when most non-ASCII bytes are
    # valid UTF-8 but some are not, two encodings were mixed, and any single guess would garble half.
    if high and matched > high * 0.5:
        raise ImportRefused(
            f"{path}: line {first_bad}: mixed encodings (UTF-8 text, and bytes that are not UTF-8); "
            "save the file again as UTF-8"
        )
    guess = guess_legacy(sample)
    if guess is None:
        raise ImportRefused(f"{path}: line {first_bad}: the text encoding cannot be recognised; save it as UTF-8")
    return guess
