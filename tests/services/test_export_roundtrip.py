"""Export, then import into a fresh store: the same contacts with the same fields."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from netdesk.exchange.writers import vcard
from netdesk.services import exporting, importing
from netdesk.store.db import close_store, open_store
from netdesk.store.models import database

FIELDS = ("name", "given_name", "family_name", "phonetic_given", "phonetic_family", "organisation", "department",
          "title", "notes", "birthday", "linkedin_url", "photo", "photo_mime", "met_on", "how_met", "every_days",
          "name_ok", "strength")


def snapshot() -> list:
    """Every contact's fields and details, sorted (ids differ between stores)."""
    out = []
    for record in exporting.records():
        out.append((
            tuple(getattr(record, f) for f in FIELDS),
            sorted(record.emails), sorted(record.phones), sorted(record.urls),
            sorted(a.key() + (a.label,) for a in record.addresses), sorted(record.tags),
        ))
    return sorted(out, key=repr)


def corpus_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "vcard").glob("*.vcf")) + sorted((corpus / "csv").glob("*.csv"))


@pytest.mark.parametrize("fmt", ["vcard", "vcard3"])
def test_vcard_round_trip_of_the_whole_corpus(db_path, tmp_path, corpus, today, fmt):
    """The fields come back; what netdesk has no field for was converted to the version written (3.0
    syntax does not leak into 4.0), and that form is stable: the re-imported store exports the same file."""
    open_store(db_path)
    importing.import_files(corpus_files(corpus), today=today)
    before = snapshot()
    exporting.export(tmp_path / "all.vcf", fmt)
    close_store()
    open_store(tmp_path / "fresh.sqlite3")
    try:
        result = importing.import_files([tmp_path / "all.vcf"], today=today)
        assert result.files[0].created == len(before) and result.files[0].merged == 0
        after = snapshot()
        exporting.export(tmp_path / "again.vcf", fmt)
    finally:
        close_store()
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert new == old
    assert (tmp_path / "again.vcf").read_text(encoding="utf-8") == (tmp_path / "all.vcf").read_text(encoding="utf-8")


def test_exported_vcard_is_valid_4_0(store, tmp_path, corpus, today):
    importing.import_files([corpus / "vcard" / "ezvcard-gmail-single.vcf"], today=today)
    exporting.export(tmp_path / "out.vcf", "vcard")
    text = (tmp_path / "out.vcf").read_text(encoding="utf-8")
    (card,) = vobject.readComponents(text)
    assert card.version.value == "4.0" and card.fn.value == "Greg Dartmouth"
    assert "X-ABDATE" in text and "X-PHONETIC-FIRST-NAME:Grregg" in text


def test_json_backup_restores_every_table(db_path, tmp_path, corpus, today):
    open_store(db_path)
    importing.import_files(corpus_files(corpus), today=today)
    c = database.connection()
    c.execute("INSERT INTO favour (contact_id, text, on_date) VALUES (1, 'intro', '2026-03-01')")
    from netdesk.services import reminders

    reminders.derive(today)
    exporting.export(tmp_path / "backup.json", "json")
    tables = [n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                                      " AND name NOT LIKE 'contact_fts%'")]

    def dump() -> dict:
        # The last import's undo record is not restored: a restore is not an import that can be taken back.
        return {t: sorted(map(repr, database.connection().execute(f'SELECT * FROM "{t}"'
                                                                 + (" WHERE key != 'import.last'" if t == "setting" else ""))))
                for t in tables}

    before = dump()
    close_store()
    open_store(tmp_path / "fresh.sqlite3")
    try:
        result = importing.import_files([tmp_path / "backup.json"], today=today)  # auto-detected
        assert result.files[0].format == "json"
        after = dump()
        hits = database.connection().execute(
            "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH '\"iksinski\"'").fetchone()[0]
    finally:
        close_store()
    assert after == before
    assert hits == 1


def test_json_backup_into_a_non_empty_store_is_refused(store, tmp_path, today):
    from netdesk.services import contacts

    contacts.add_contact("Ann", today=today)
    exporting.export(tmp_path / "b.json", "json")
    result = None
    try:
        result = importing.import_files([tmp_path / "b.json"], today=today)
    except Exception as exc:  # noqa: BLE001
        assert "empty store" in str(exc)
    assert result is None


def test_csv_export_reimports(store, tmp_path, corpus, today):
    importing.import_files([corpus / "csv" / "tekjobs-linkedin-connections.csv"], today=today)
    exporting.export(tmp_path / "out.csv", "csv")
    result = importing.import_files([tmp_path / "out.csv"], today=today)
    assert result.files[0].format == "google"
    assert result.files[0].merged == 4 and result.files[0].created == 0  # same LinkedIn profiles


def test_selected_contacts_and_custom_labels(store, tmp_path, today):
    from netdesk.exchange.card import ContactRecord

    record = ContactRecord(name="Zoë", emails=[("z@x.org", "Other"), ("z@w.org", "work")], tags=["a,b"])
    text = vcard(record)
    assert "item1.EMAIL:z@x.org" in text and "item1.X-ABLABEL:Other" in text and "EMAIL;TYPE=work:z@w.org" in text


def test_damaged_backups_are_refused_and_write_nothing(store, tmp_path, today):
    import pytest

    from netdesk.errors import ImportRefused

    cases = {
        "not json": b'{"format": "netdesk-backup", "version": 1, ',
        "wrong version": b'{"format": "netdesk-backup", "version": 99, "schema": 1, "tables": {}}',
        "newer schema": b'{"format": "netdesk-backup", "version": 1, "schema": 9999, "tables": {}}',
        "bad table": b'{"format": "netdesk-backup", "version": 1, "schema": 1, "tables": {"contact": [1]}}',
        "unknown table": b'{"format": "netdesk-backup", "version": 1, "schema": 1, "tables": {"nope": '
                         b'{"columns": [], "rows": []}}}',
        "bad rows": b'{"format": "netdesk-backup", "version": 1, "schema": 1, "tables": {"contact": '
                    b'{"columns": ["id", "name"], "rows": [[1]]}}}',
    }
    for name, data in cases.items():
        path = tmp_path / "backup.json"
        path.write_bytes(data)
        with pytest.raises(ImportRefused) as caught:
            importing.import_files([path], today=today)
        assert str(path) in str(caught.value), name
        assert database.connection().execute("SELECT count(*) FROM contact").fetchone() == (0,), name
