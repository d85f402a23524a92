"""Property test: any record written as vCard 4.0 reads back the same (escaping, folding, labels)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netdesk.exchange.card import Address, ContactRecord
from netdesk.exchange.vcard import read_vcards
from netdesk.exchange.writers import vcard

# Any printable text, including the characters vCard escapes (`\ , ; :`), quotes, CJK and emoji.
_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85")
words = st.text(_chars, min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
optional = st.one_of(st.just(""), words)
labels = st.sampled_from(["", "work", "home", "cell", "home,fax", "Other", "GRAND_CENTRAL", "custom label", "a,b;c"])
emails = st.from_regex(r"[a-z0-9._%+-]{1,10}@[a-z0-9-]{1,10}\.[a-z]{2,4}", fullmatch=True)
notes = st.lists(words, max_size=3).map("\n".join)


def _spaced(phone: str) -> str:
    # Readers collapse runs of blanks in a number; two numbers that differ only there are one number.
    return " ".join(phone.split())


@st.composite
def records(draw) -> ContactRecord:
    address = st.builds(Address, label=labels, street=optional, locality=optional, region=optional,
                        postcode=optional, country=optional).filter(lambda a: not a.is_empty())
    return ContactRecord(
        name=draw(words), given_name=draw(optional), family_name=draw(optional),
        phonetic_given=draw(optional), phonetic_family=draw(optional), organisation=draw(optional),
        department=draw(optional), title=draw(optional),
        emails=list({e: (e, lab) for e, lab in draw(st.lists(st.tuples(emails, labels), max_size=3))}.values()),
        phones=list({p: (p, lab) for p, lab in draw(st.lists(st.tuples(st.from_regex(r"\+?[0-9 ()-]{3,15}[0-9]",
                                                                                   fullmatch=True).map(_spaced), labels),
                                                             max_size=3))}.values()),
        urls=[(u, "") for u in draw(st.lists(st.sampled_from(["https://example.com/a,b", "http://x.org/?q=1;2"]),
                                            max_size=2, unique=True))],
        addresses=draw(st.lists(address, max_size=2, unique_by=lambda a: a.key())),
        tags=draw(st.lists(words.filter(lambda w: "," not in w), max_size=3, unique_by=str.casefold)),
        notes=draw(notes),
        birthday=draw(st.one_of(st.none(), st.just("--04-12"), st.dates(dt.date(1900, 1, 1)).map(dt.date.isoformat))),
        met_on=draw(st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))),
        how_met=draw(optional),
        photo=draw(st.one_of(st.none(), st.binary(min_size=1, max_size=300).map(lambda b: b"\xff\xd8\xff" + b))),
    )


@settings(max_examples=60, deadline=None)
@given(records())
def test_vcard_round_trip(record):
    record.photo_mime = "image/jpeg" if record.photo else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one.vcf"
        path.write_text(vcard(record), encoding="utf-8", newline="")
        (back,) = list(read_vcards(path, []))
    for field in ("name", "given_name", "family_name", "phonetic_given", "phonetic_family", "organisation",
                  "department", "title", "emails", "phones", "urls", "tags", "notes", "birthday", "met_on",
                  "how_met", "photo", "photo_mime"):
        assert getattr(back, field) == getattr(record, field), field
    assert [(a.key(), a.label) for a in back.addresses] == [(a.key(), a.label) for a in record.addresses]


@settings(max_examples=40, deadline=None)
@given(records())
def test_google_csv_round_trip(record):
    from netdesk.exchange.csv_map import read_csv
    from netdesk.exchange.writers import google_csv

    record.tags = [t for t in record.tags if ":::" not in t and t.casefold() not in ("mycontacts", "my contacts",
                                                                                       "starred")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "google.csv"
        path.write_text(google_csv([record]), encoding="utf-8", newline="")
        dialect, found = read_csv(path)
        (back,) = list(found)
    assert dialect == "google"
    for field in ("name", "given_name", "family_name", "phonetic_given", "phonetic_family", "organisation",
                  "department", "title", "tags", "notes", "birthday"):
        assert getattr(back, field) == getattr(record, field), field
    assert [e for e, _ in back.emails] == [e for e, _ in record.emails]
    assert [p for p, _ in back.phones] == [p for p, _ in record.phones]


@settings(max_examples=200, deadline=None)
@given(st.text(_chars, min_size=1, max_size=400).map(lambda s: "X-A:" + s.replace("\n", "")))
def test_fold_keeps_octet_limit_and_unfolds_back(line):
    from netdesk.exchange.writers import fold

    folded = fold(line)
    assert folded.endswith("\r\n")
    physical = folded[:-2].split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert physical[0] + "".join(p[1:] for p in physical[1:]) == line
