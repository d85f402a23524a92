"""vCard import/export details: netdesk's own fields, the VADDRESSBOOK wrapper, names, one UID, BDAY pairs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netdesk.exchange.vcard import read_vcards
from netdesk.exchange.vcard_write import vcard
from netdesk.services import contacts, exporting
from netdesk.services.importing import import_files
from netdesk.store.db import close_store, open_store


def _write(path: Path, *lines: str) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_a_vaddressbook_wrapped_file_imports(store, tmp_path, today):
    path = _write(tmp_path / "book.vcf", "BEGIN:VADDRESSBOOK", "BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace",
                  "END:VCARD", "BEGIN:VCARD", "VERSION:4.0", "FN:Alan Turing", "END:VCARD", "END:VADDRESSBOOK")
    result = import_files([path], today=today)
    assert result.files[0].format == "vcard" and result.files[0].created == 2


def test_netdesk_fields_survive_export_and_import(db_path, tmp_path, today):
    open_store(db_path)
    try:
        added = contacts.add_contact("Grace Hopper", today=today, emails=["grace@example.org"], every_days=45,
                                     how_met="a talk", met_on=dt.date(2024, 5, 2))
        cid = getattr(added, "id", added)
        from netdesk.services import contact_edit

        contact_edit.update_fields(cid, {"name_ok": True, "strength": 4}, today=today)
        exporting.export(tmp_path / "out.vcf", "vcard")
    finally:
        close_store()
    text = (tmp_path / "out.vcf").read_text(encoding="utf-8")
    assert "X-NETDESK-EVERY-DAYS:45" in text and "X-NETDESK-NAME-OK:TRUE" in text
    assert "X-NETDESK-STRENGTH:4" in text
    open_store(tmp_path / "fresh.sqlite3")
    try:
        import_files([tmp_path / "out.vcf"], today=today)
        got = contacts.get(contacts.resolve("Grace Hopper"))
        assert (got.every_days, got.name_ok, got.strength, got.how_met, got.met_on) == (
            45, True, 4, "a talk", dt.date(2024, 5, 2))
    finally:
        close_store()


def test_the_structured_name_a_card_gives_is_kept_and_fn_alone_is_split_by_rules(tmp_path):
    path = _write(tmp_path / "n.vcf",
                  "BEGIN:VCARD", "VERSION:3.0", "FN:Anna O'Brien\\, PhD", "END:VCARD",
                  "BEGIN:VCARD", "VERSION:3.0", "FN:山田 太郎", "END:VCARD",
                  "BEGIN:VCARD", "VERSION:3.0", "FN:Nguyễn Thị Minh Khai", "END:VCARD",
                  "BEGIN:VCARD", "VERSION:3.0", "FN:Mary Ann Smith", "N:Smith;Mary Ann;;;", "END:VCARD")
    records = list(read_vcards(path))
    assert [(r.name, r.family_name, r.given_name) for r in records] == [
        ("Anna O'Brien, PhD", "O'Brien", "Anna"), ("山田 太郎", "山田", "太郎"),
        ("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh Khai"), ("Mary Ann Smith", "Smith", "Mary Ann")]
    assert records[0].extra["n"] == ["O'Brien", "Anna", "", "", "PhD"]
    assert "N:O'Brien;Anna;;;PhD" in vcard(records[0])


def test_one_uid_per_card_and_the_other_kept(tmp_path):
    (record,) = read_vcards(_write(tmp_path / "u.vcf", "BEGIN:VCARD", "VERSION:4.0", "FN:A", "UID:urn:uuid:1",
                                   "UID:urn:uuid:2", "END:VCARD"))
    text = vcard(record)
    assert text.count("\r\nUID:") == 1 and "X-NETDESK-OTHER-UID:urn:uuid:2" in text


def test_a_birthday_keeps_its_altid_pairing_and_3_0_has_one_bday(tmp_path):
    (record,) = read_vcards(_write(tmp_path / "b.vcf", "BEGIN:VCARD", "VERSION:4.0", "FN:A",
                                   "BDAY;ALTID=1:20160801", "BDAY;ALTID=1;VALUE=text:2016-08-01", "END:VCARD"))
    text = vcard(record)
    assert "BDAY;ALTID=1:20160801" in text and "BDAY;ALTID=1;VALUE=text:2016-08-01" in text
    text3 = vcard(record, "3.0")
    assert text3.count("\r\nBDAY") == 1 and "X-BDAY;VALUE=text:2016-08-01" in text3


def test_control_characters_do_not_pass_through(tmp_path):
    (record,) = read_vcards(_write(tmp_path / "c.vcf", "BEGIN:VCARD", "VERSION:3.0", "FN:A",
                                   "X-CUSTOM:bell\x07here", "NOTE:nul\x01x", "END:VCARD"))
    text = vcard(record)
    assert "\x07" not in text and "\x01" not in text and "X-CUSTOM:bellhere" in text


def test_3_0_only_properties_become_4_0_forms(tmp_path):
    (record,) = read_vcards(_write(
        tmp_path / "v3.vcf", "BEGIN:VCARD", "VERSION:3.0", "FN:A", "N:A;B;;;", "SORT-STRING:Zed",
        "ADR;TYPE=WORK:;;1 Main St;Town;;;", "LABEL;TYPE=WORK:1 Main St\\nTown", "GEO:-2.6;3.4", "TZ:1:00",
        "CLASS:PUBLIC", "MAILER:Thunderbird", "NAME:card", "KEY;ENCODING=b;TYPE=X509:AAEC", "END:VCARD"))
    text = vcard(record).replace("\r\n ", "")
    assert "N;SORT-AS=Zed:A;B;;;" in text
    assert "ADR;LABEL=1 Main St^nTown;TYPE=work:;;1 Main St;Town;;;" in text
    assert "GEO:geo:-2.6\\,3.4" in text and "TZ;VALUE=utc-offset:+0100" in text
    assert "X-CLASS:PUBLIC" in text and "X-MAILER:Thunderbird" in text and "X-NAME:card" in text
    assert "KEY:data:application/pkix-cert;base64\\,AAEC" in text
    # and back: the 3.0 export writes them in 3.0 again
    (again,) = read_vcards(_write(tmp_path / "v4.vcf", *text.strip().split("\r\n")))
    text3 = vcard(again, "3.0")
    assert "LABEL;TYPE=work:1 Main St\\nTown" in text3 and "SORT-STRING:Zed" in text3
    assert "GEO:-2.6;3.4" in text3 and "TZ:+01:00" in text3 and "KEY;ENCODING=b;TYPE=X509:AAEC" in text3
