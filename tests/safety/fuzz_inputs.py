"""Hypothesis strategies for hostile contact files: mutated real files from ../shared/corpus and generated ones."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def corpus_files(folder: str) -> list[bytes]:
    where = CORPUS / folder
    return [p.read_bytes() for p in sorted(where.iterdir())] if where.is_dir() else []


WEIRD = ["\u0000", "\ufeff", "\u202e", "\ud7ff", "\U0001f600", "é", "\u0301", "\r", "\n", "\r\n", "=", ";", ":",
         ",", "\\", '"', "=\r\n", "\t", " ", "BEGIN:VCARD", "END:VCARD", "item1.", "ENCODING=QUOTED-PRINTABLE",
         "CHARSET=SHIFT_JIS", "ENCODING=b", ":::", "\u3000", "\x85", "\u2028"]


@st.composite
def mutated(draw, files: list[bytes]) -> bytes:
    """A real file with a few mutations: flipped bytes, cuts, insertions, duplicated slices, line endings."""
    data = bytearray(draw(st.sampled_from(files)))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "weird", "delete", "dup", "eol", "splice"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "weird":
            data[at:at] = draw(st.sampled_from(WEIRD)).encode("utf-8", "surrogatepass")
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif kind == "dup":
            size = draw(st.integers(1, 2000))
            data[at:at] = data[max(0, at - size):at] * draw(st.integers(1, 5))
        elif kind == "eol":
            old, new = draw(st.sampled_from([(b"\r\n", b"\n"), (b"\n", b"\r\n"), (b"\r\n", b"\r"), (b"\n", b"\r\r\n")]))
            data = bytearray(bytes(data).replace(old, new))
        elif kind == "splice":
            other = draw(st.sampled_from(files))
            data[at:] = other[draw(st.integers(0, len(other))):]
    return bytes(data)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.sampled_from(WEIRD)
_PROPS = ["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "BDAY", "ADR", "URL", "UID", "REV", "CATEGORIES",
          "PHOTO", "RELATED", "X-SOCIALPROFILE", "item1.EMAIL", "item1.X-ABLabel", "X-ABRELATEDNAMES", "NICKNAME",
          "X-PHONETIC-FIRST-NAME", "SOCIALPROFILE", "ANNIVERSARY", "KIND", "X-ADDRESSBOOKSERVER-KIND", "BEGIN", "END"]
_PARAMS = ["", ";TYPE=work", ";type=INTERNET;type=pref", ";PREF=1", ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE",
           ";ENCODING=b;TYPE=JPEG", ";VALUE=uri", ";X-APPLE-OMIT-YEAR=1604", ";WORK;VOICE", ";CHARSET=ISO-8859-2",
           ";LABEL=\"a;b\"", ";TYPE=\"", ";;;"]


@st.composite
def generated_vcards(draw) -> bytes:
    cards = []
    for _ in range(draw(st.integers(0, 4))):
        lines = ["BEGIN:VCARD", f"VERSION:{draw(st.sampled_from(['2.1', '3.0', '4.0', '9', '']))}"]
        for _ in range(draw(st.integers(0, 10))):
            lines.append(f"{draw(st.sampled_from(_PROPS))}{draw(st.sampled_from(_PARAMS))}:{draw(_TEXT)}")
        if draw(st.booleans()):
            lines.append("END:VCARD")
        cards.append(draw(st.sampled_from(["\r\n", "\n"])).join(lines))
    text = "\r\n".join(cards) + "\r\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "latin-1", "shift_jis", "cp1252"]))
    return text.encode(encoding, "replace")


HEADERS = {
    "linkedin": ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    "google": ["First Name", "Middle Name", "Last Name", "Nickname", "File As", "Organization Name",
               "Organization Title", "Birthday", "Notes", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
               "Phone 1 - Label", "Phone 1 - Value", "Website 1 - Value"],
    "google-old": ["Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Birthday",
                   "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value"],
    "outlook": ["First Name", "Middle Name", "Last Name", "Title", "Suffix", "Company", "Job Title",
                "E-mail Address", "Mobile Phone", "Birthday", "Notes", "Categories", "Referred By"],
    "thunderbird": ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email",
                    "Work Phone", "Organization", "Birth Year", "Birth Month", "Birth Day", "Notes"],
}
_CELL = _TEXT | st.sampled_from(["12 Mar 2024", "3/14/2024", "1980-02-30", "--0412", "a@b.c", "* myContacts ::: Work",
                                 "https://www.linkedin.com/in/x", "Ann;Bob", "=cmd|' /C calc'!A0"])


@st.composite
def generated_csvs(draw) -> bytes:
    header = list(HEADERS[draw(st.sampled_from(sorted(HEADERS)))])
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    out = io.StringIO()
    if draw(st.booleans()):
        out.write('Notes:\r\n"When exporting your connection data, you may notice..."\r\n\r\n')
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ",", ";", "\t"])))
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.integers(0, len(header) + 2))
        writer.writerow([draw(_CELL) for _ in range(width)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "shift_jis"]))
    return out.getvalue().encode(encoding, "replace")


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True) | _TEXT
    | st.just({"$b64": "not base64!"}) | st.just({"$b64": "aGVsbG8="}),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)
TABLES = {"contact": ["id", "name", "created_on", "updated_at", "introduced_by_id", "photo", "every_days"],
          "email": ["id", "contact_id", "value", "value_key"], "tag": ["id", "name"],
          "contact_tag": ["contact_id", "tag_id"], "setting": ["key", "value"],
          "reminder": ["id", "uid", "kind", "source", "source_id", "rule_due", "due", "title", "created_at",
                       "updated_at"], "no_such_table": ["x"]}


@st.composite
def generated_backups(draw) -> bytes:
    """Documents that pass the sniffing (the right "format" key) and then go wrong in every other way."""
    tables = {}
    for table in draw(st.lists(st.sampled_from(sorted(TABLES)), max_size=4, unique=True)):
        columns = draw(st.lists(st.sampled_from(TABLES[table]), max_size=6)) if draw(st.booleans()) \
            else TABLES[table]
        rows = draw(st.lists(st.lists(_JSON_VALUE, min_size=len(columns), max_size=len(columns) + 1), max_size=4))
        tables[table] = draw(st.sampled_from([{"columns": columns, "rows": rows}, {"rows": rows}, rows, None]))
    document = {"format": "netdesk-backup", "version": draw(st.sampled_from([1, 1, 1, 2, "1", None])),
                "schema": draw(st.sampled_from([1, 1, 0, 99, "1", None])),
                "tables": draw(st.sampled_from([tables, tables, [], None]))}
    if draw(st.booleans()):
        document["extra"] = draw(_JSON_VALUE)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])))
