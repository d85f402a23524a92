"""Undoing an import (issue 19 item 4): the contacts it created go, what it merged into existing contacts is
taken back, everything else stays; plain CSVs and the rows a preview leaves out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.errors import ImportRefused
from netdesk.services import contact_edit, contacts, importing, recording
from netdesk.store.models import database
from tests.conftest import CORPUS

TABLES = ("contact", "email", "phone", "url", "address", "tag", "contact_tag")


def dump() -> dict[str, list]:
    """Every row of the tables an import writes, but the search text and the update stamp."""
    c = database.connection()
    out = {}
    for table in TABLES:
        columns = [r[1] for r in c.execute(f"PRAGMA table_info({table})") if r[1] not in ("updated_at",)]
        out[table] = c.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2").fetchall()
    return out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


ANN_CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann A.\r\nN:Apple;Ann;;;\r\nEMAIL:ann@example.com\r\n"
            "EMAIL:ann@home.net\r\nTEL:+1 555 123 4567\r\nURL:https://ann.example\r\n"
            "ADR;TYPE=HOME:;;1 High St;Leeds;;LS1 1AA;UK\r\nCATEGORIES:Speakers,Friends\r\nTITLE:CTO\r\n"
            "NOTE:Met at PyCon\r\nBDAY:1980-02-03\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cara Cole\r\nEMAIL:cara@example.com\r\nCATEGORIES:Speakers\r\n"
            "END:VCARD\r\n")


@pytest.fixture
def ann(store, today) -> int:
    return contacts.add_contact("Ann Apple", today=today, emails=["ann@example.com"], organisation="Acme",
                                tags=["Friends"]).contact.id


def test_undo_takes_back_created_and_merged_and_nothing_else(store, tmp_path, today, ann):
    contacts.add_contact("Zed Zee", today=today, emails=["zed@example.com"])
    before = dump()
    result = importing.import_files([write(tmp_path, "a.vcf", ANN_CARD)], today=today)
    assert (result.files[0].created, result.files[0].merged) == (1, 1)
    merged = contacts.list_contacts(search="ann apple")[0]
    assert set(merged.emails) == {"ann@example.com", "ann@home.net"} and merged.title == "CTO"
    assert set(merged.tags) == {"Friends", "Speakers"}
    assert importing.last_import()["created_names"] == ["Cara Cole"]

    undone = importing.undo_import(result.undo, today=today)

    assert (undone.removed, undone.reverted, undone.kept) == (1, 1, [])
    assert dump() == before  # the merged contact as it was, the new tag gone, Zed untouched
    assert importing.last_import() is None
    with pytest.raises(ImportRefused, match="no import to undo"):
        importing.undo_last(today=today)


def test_an_edit_made_since_the_import_is_kept(store, tmp_path, today, ann):
    result = importing.import_files([write(tmp_path, "a.vcf", ANN_CARD)], today=today)
    contact_edit.update_fields(ann, {"title": "Chief Technology Officer"}, today=today)  # the user corrected what the file said
    undone = importing.undo_last(today=today)
    (after,) = contacts.list_contacts(search="ann apple")
    assert after.title == "Chief Technology Officer"
    assert after.emails == ("ann@example.com",) and after.tags == ("Friends",)
    assert after.notes == ""
    assert any("title was changed since the import" in k for k in undone.kept)
    assert result.undo["files"] == [str(tmp_path / "a.vcf")]


def test_undo_removes_history_of_created_contacts_and_keeps_others(store, tmp_path, today, ann):
    importing.import_files([write(tmp_path, "a.vcf", ANN_CARD)], today=today)
    (cara,) = contacts.list_contacts(search="cara")
    recording.log_interaction(cara.id, "meeting", on=today, today=today)
    recording.log_interaction(ann, "call", on=today, today=today)
    importing.undo_last(today=today)
    assert [c.name for c in contacts.list_contacts()] == ["Ann Apple"]
    c = database.connection()
    assert c.execute("SELECT count(*) FROM interaction WHERE contact_id = ?", (ann,)).fetchone()[0] == 1


def test_only_the_last_import_is_kept_and_a_dry_run_keeps_nothing(store, tmp_path, today):
    first = write(tmp_path, "one.csv", "Name,Email\nOne,one@example.com\n")
    second = write(tmp_path, "two.csv", "Name,Email\nTwo,two@example.com\n")
    importing.import_files([first], today=today)
    importing.import_files([second], today=today, dry_run=True)
    assert importing.last_import()["created_names"] == ["One"]
    importing.import_files([second], today=today)
    importing.undo_last(today=today)
    assert [c.name for c in contacts.list_contacts()] == ["One"]


@pytest.mark.parametrize("header, row", [
    ("Name,Email,Phone,Company", "Ann Apple,ann@example.com,+44 20 7946 0018,Acme"),
    ("First Name,Last Name,E-mail", "Ann,Apple,ann@example.com"),
    ("first name;LAST NAME;e-mail;company", "Ann;Apple;ann@example.com;Acme"),
    ("NAME\tEMAIL ADDRESS\tMOBILE\tORGANIZATION", "Ann Apple\tann@example.com\t07700 900123\tAcme"),
])
def test_plain_csv_headers_are_read(store, tmp_path, today, header, row):
    path = write(tmp_path, "people.csv", f"{header}\n{row}\n")
    assert importing.detect_format(path) == "csv"
    result = importing.import_files([path], today=today)
    ann = contacts.list_contacts(search="ann apple")
    assert len(ann) == 1 and ann[0].emails == ("ann@example.com",)
    assert result.files[0].format == "csv"


def test_plain_csv_fields(store, tmp_path, today):
    path = write(tmp_path, "p.csv", "Full Name,Email,Phone,Company,Job Title,Notes,Tags,City,Country,Shoe size\n"
                                    "Ann Apple,ann@example.com; ann@home.net,+44 20 7946 0018,Acme,CTO,Met at PyCon,"
                                    "\"Speakers, Friends\",Leeds,UK,38\n")
    importing.import_files([path], today=today)
    (ann,) = contacts.list_contacts()
    assert ann.emails == ("ann@example.com", "ann@home.net") and ann.phones == ("+44 20 7946 0018",)
    assert (ann.organisation, ann.title, ann.notes) == ("Acme", "CTO", "Met at PyCon")
    assert set(ann.tags) == {"Speakers", "Friends"}
    c = database.connection()
    assert c.execute("SELECT locality, country FROM address").fetchall() == [("Leeds", "UK")]
    (extra,) = c.execute("SELECT extra FROM contact").fetchone()
    assert json.loads(extra)["csv"] == {"Shoe size": "38"}


def test_unrecognised_csv_needs_columns_and_writes_nothing(store, tmp_path, today):
    path = write(tmp_path, "odd.csv", "Who,Reach,Firm\nDan Dee,dan@example.com,Delta\n")
    with pytest.raises(importing.NeedsColumns) as caught:
        importing.import_files([path], today=today)
    assert caught.value.path == path and "'Who', 'Reach', 'Firm'" in str(caught.value)
    assert database.connection().execute("SELECT count(*) FROM contact").fetchone()[0] == 0
    header, sample, guessed = importing.columns_of(path)
    assert header == ["Who", "Reach", "Firm"] and sample == [["Dan Dee", "dan@example.com", "Delta"]]
    assert guessed == ["extra", "extra", "extra"]
    result = importing.import_files([path], today=today,
                                    columns={str(path): ["name", "email", "organisation"]})
    assert result.files[0].created == 1
    (dan,) = contacts.list_contacts()
    assert (dan.name, dan.emails, dan.organisation) == ("Dan Dee", ("dan@example.com",), "Delta")


def test_a_mapping_without_a_name_is_refused(store, tmp_path, today):
    path = write(tmp_path, "odd.csv", "Who,Reach\nDan Dee,dan@example.com\n")
    with pytest.raises(ImportRefused, match="no column is a name"):
        importing.import_files([path], today=today, columns={str(path): ["notes", "ignore"]})


def test_rows_left_out_are_skipped_with_the_reason(store, tmp_path, today):
    path = write(tmp_path, "p.csv", "Name,Email\nAnn,ann@example.com\nBob,bob@example.com\n")
    preview = importing.import_files([path], today=today, dry_run=True, details=True)
    bob = next(row for row in preview.files[0].details if row.name == "Bob")
    assert (bob.email, bob.action) == ("bob@example.com", "create")
    result = importing.import_files([path], today=today, leave_out={bob.where})
    assert [c.name for c in contacts.list_contacts()] == ["Ann"]
    assert result.files[0].skipped == [{"record": bob.where, "reason": importing.LEFT_OUT}]


def test_a_rejected_import_writes_zero_rows(store, tmp_path, today):
    good = write(tmp_path, "good.csv", "Name,Email\nAnn,ann@example.com\n")
    bad = write(tmp_path, "bad.vcf", "BEGIN:VCARD\r\nFN:cut\r\n")
    before = dump()
    with pytest.raises(ImportRefused):
        importing.import_files([good, bad], today=today)
    assert dump() == before and importing.last_import() is None


def test_every_corpus_file_imports_and_undoes_to_nothing(store, today):
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here")
    files = sorted((CORPUS / "vcard").glob("*.vcf")) + sorted((CORPUS / "csv").glob("*.csv"))
    before = dump()
    for path in files:
        result = importing.import_files([path], today=today)
        if result.undo is None:
            assert not any(f.created or f.merged for f in result.files), path.name
            continue
        importing.undo_last(today=today)
        assert dump() == before, path.name
    # the corpus twice over: the second import of every file merges into the first; undo takes it all back
    importing.import_files(files, today=today)
    once = dump()
    again = importing.import_files(files, today=today)
    assert sum(f.merged for f in again.files) > 0
    importing.undo_last(today=today)
    assert dump() == once


def test_cli_undo_last(store, db_path, tmp_path, today):
    from netdesk.store.db import close_store

    path = write(tmp_path, "p.csv", "Who,Reach\nDan Dee,dan@example.com\n")
    close_store()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "netdesk", "--db", str(db_path), *args],
                              capture_output=True, text=True, timeout=120)

    refused = run("import", str(path))
    assert refused.returncode == 1 and "--map" in refused.stderr
    done = run("import", str(path), "--map", "Who=name", "--map", "2=email", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["created"] == 1
    undone = run("import", "--undo-last", "--json")
    assert undone.returncode == 0, undone.stderr
    assert json.loads(undone.stdout) == {"removed": 1, "reverted": 0, "kept": [], "files": [str(path)]}
    again = run("import", "--undo-last")
    assert again.returncode == 1 and "no import to undo" in again.stderr
    assert run("import", "--undo-last", str(path)).returncode == 2


def test_a_contact_added_by_hand_with_a_reused_id_stays(store, tmp_path, today):
    path = write(tmp_path, "p.csv", "Name,Email\nAnn,ann@example.com\n")
    importing.import_files([path], today=today)
    (ann,) = contacts.list_contacts()
    contact_edit.delete_contact(ann.id, today=today)  # the last id is free again: SQLite gives it out again
    zed = contacts.add_contact("Zed Zee", today=today).contact.id
    assert zed == ann.id
    undone = importing.undo_last(today=today)
    assert undone.removed == 0 and [c.name for c in contacts.list_contacts()] == ["Zed Zee"]
