"""Exported vCards (4.0 and 3.0) read by independent clients: a strict validator (ez-vcard), Mozilla's ical.js,
and a real CardDAV server (Radicale, which stores vobject's re-serialisation of every card).

The store holds the real exports of ../shared/corpus (when present) and contacts in many scripts, with
photos and netdesk's own fields, all imported and then exported.
"""

from __future__ import annotations

import base64
import dataclasses
import re
from pathlib import Path

import pytest

from netdesk.exchange.vcard import read_vcards
from netdesk.exchange.vcard_map import unescape
from netdesk.services import exporting, importing
from netdesk.store.db import close_store, open_store
from tests.conftest import CORPUS, TODAY
from tests.exchange.vcard_clients import Radicale, ezvcard_check, icaljs_cards

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # bytes that a text round trip would damage
JPEG = b"\xff\xd8\xff\xe0" + bytes(reversed(range(256))) * 3
NAMES = ["山田 太郎", "김민준", "Nguyễn Thị Minh Khai", "Ελένη Παπαδοπούλου", "Мария Иванова", "محمد عبد الله",
         "דוד כהן", "श्रुति शर्मा", "Anna O'Brien, PhD", "Zoë Ångström-Ødegård", "👩‍💻 Dev; Ops", "สมชาย ใจดี"]


def _scripts_file(path: Path) -> Path:
    cards = []
    for i, name in enumerate(NAMES):
        escaped = name.replace(",", "\\,").replace(";", "\\;")
        photo = base64.b64encode(PNG if i % 2 else JPEG).decode()
        cards.append("\r\n".join([
            "BEGIN:VCARD", "VERSION:3.0", f"FN:{escaped}", f"EMAIL;TYPE=INTERNET:p{i}@example.org",
            f"NOTE:line one\\nline two\\, with a comma; and a semicolon {name}",
            f"URL:https://example.org/p?a={i},b={i}", f"PHOTO;ENCODING=b;TYPE={'PNG' if i % 2 else 'JPEG'}:{photo}",
            f"X-NETDESK-EVERY-DAYS:{30 + i}", "X-NETDESK-NAME-OK:TRUE", f"X-NETDESK-STRENGTH:{i % 6}",
            f"X-NETDESK-HOW-MET:conference\\, Berlin {i}", "X-NETDESK-MET-ON:2024-05-0" + str(1 + i % 9),
            "END:VCARD", ""]))
    path.write_text("".join(cards), encoding="utf-8", newline="")
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    sources = [_scripts_file(folder / "scripts.vcf")]
    if CORPUS.is_dir():
        sources += sorted((CORPUS / "vcard").glob("*.vcf")) + sorted((CORPUS / "csv").glob("*.csv"))
    open_store(folder / "store.sqlite3")
    try:
        importing.import_files(sources, today=TODAY)
        for fmt in ("vcard", "vcard3"):
            exporting.export(folder / f"{fmt}.vcf", fmt)
        photos = [r.photo for r in exporting.records()]
    finally:
        close_store()
    return {"vcard": folder / "vcard.vcf", "vcard3": folder / "vcard3.vcf", "photos": photos}


def cards_of(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8")
    return [c + "END:VCARD\r\n" for c in text.split("END:VCARD\r\n") if c.strip()]


VERSIONS = {"vcard": "4.0", "vcard3": "3.0"}


@pytest.mark.parametrize("fmt", ["vcard", "vcard3"])
def test_a_strict_validator_accepts_every_card_with_its_photo(exports, fmt):
    problems, photos = ezvcard_check(exports[fmt], VERSIONS[fmt])
    assert problems == []
    expected = {i: [p] for i, p in enumerate(exports["photos"], start=1) if p}
    assert photos == expected
    assert len(expected) >= len(NAMES)


def test_the_4_0_export_has_no_3_0_syntax_and_one_uid_per_card(exports):
    for card in cards_of(exports["vcard"]):
        unfolded = card.replace("\r\n ", "")
        names = [re.split(r"[;:]", line, maxsplit=1)[0].split(".")[-1].upper() for line in unfolded.splitlines()]
        assert names.count("UID") == 1
        assert not {"NAME", "MAILER", "CLASS", "LABEL", "SORT-STRING", "AGENT"} & set(names)
        assert "ENCODING=" not in unfolded.upper() and "CHARSET=" not in unfolded.upper()
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", unfolded)
        for line in unfolded.splitlines():
            if line.startswith("GEO"):
                assert line.split(":", 1)[1].startswith("geo:")
            if line.startswith("TZ"):
                assert re.fullmatch(r"TZ;VALUE=utc-offset:[+-]\d{4}|TZ:.*[A-Za-z/].*", line), line


@pytest.mark.parametrize("fmt", ["vcard", "vcard3"])
def test_icaljs_reads_every_card_names_and_photos(exports, fmt):
    cards = icaljs_cards(exports[fmt])
    records = list(read_vcards(exports[fmt]))
    assert len(cards) == len(records)
    for card, record in zip(cards, records, strict=True):
        props = {}
        for name, _params, _kind, *values in card:
            props.setdefault(name, []).append(values[0] if values else None)
        assert props["version"] == [VERSIONS[fmt]]
        assert props["fn"] == [record.name]
        if record.photo and fmt == "vcard":
            (uri,) = props["photo"]
            header, _, payload = uri.partition(",")
            assert header.endswith(";base64") and base64.b64decode(payload) == record.photo
    assert {n for card in cards for p in card if p[0] == "fn" for n in p[3:]} >= set(NAMES)


def _comparable(record) -> tuple:
    fields = dataclasses.asdict(record)
    fields.pop("where")
    kept = fields["extra"].pop("vcard", [])
    # vobject escapes every semicolon and orders properties its own way: compare what a reader sees
    fields["extra"]["vcard"] = sorted(
        ((g or "").lower(), name.upper(), sorted((k.upper(), tuple(v)) for k, v in params.items()),
         unescape(value).replace("\\", "")) for g, name, params, value in kept)
    return tuple(sorted(fields.items(), key=lambda item: item[0]))


@pytest.mark.parametrize("fmt", ["vcard", "vcard3"])
def test_radicale_keeps_every_card_whole(exports, fmt, tmp_path):
    server = Radicale(tmp_path)
    try:
        stored = [server.put_and_get(f"card{i}.vcf", card) for i, card in enumerate(cards_of(exports[fmt]))]
    finally:
        server.stop()
    back = tmp_path / "from-radicale.vcf"
    back.write_text("".join(stored), encoding="utf-8", newline="")
    before = [_comparable(r) for r in read_vcards(exports[fmt])]
    after = [_comparable(r) for r in read_vcards(back)]
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert dict(new) == dict(old)
    problems, photos = ezvcard_check(back, VERSIONS[fmt])
    assert problems == []
    assert photos == {i: [p] for i, p in enumerate(exports["photos"], start=1) if p}


def test_the_corpus_is_in_the_exports(exports, corpus):
    assert len(cards_of(exports["vcard"])) > len(NAMES) + 30
