"""The import service and CLI: counts, duplicates, refusals that write nothing, dry runs."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from netdesk.errors import ImportRefused
from netdesk.services import contacts, importing
from netdesk.store.models import database

TABLES = ("contact", "email", "phone", "url", "address", "tag", "contact_tag", "reminder")


def counts() -> dict[str, int]:
    c = database.connection()
    return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


LINKEDIN = ("Notes:\n\"When exporting your connection data, ...\"\n\n"
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Ann,Apple,https://www.linkedin.com/in/ann-apple,ann@example.com,Acme,CTO,12 Mar 2024\n"
            "Bob,Brown,https://www.linkedin.com/in/bob-brown,,Acme,Engineer,01 Feb 2020\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Apple\r\nEMAIL:ann@example.com\r\nEMAIL:ann@home.net\r\n"
         "TEL;TYPE=CELL:+44 20 7946 0018\r\nNOTE:Met at PyCon\r\nCATEGORIES:Speakers\r\n"
         "BDAY:1980-02-03\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B. Brown\r\nN:Brown;B.;;;\r\nORG:ACME\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n")


def test_person_in_two_exports_becomes_one_contact(store, tmp_path, today):
    first = importing.import_files([write(tmp_path, "c.csv", LINKEDIN)], today=today)
    assert (first.to_json()["created"], first.to_json()["merged"]) == (2, 0)
    second = importing.import_files([write(tmp_path, "a.vcf", VCARD)], today=today).to_json()
    assert (second["created"], second["merged"]) == (1, 1)
    assert second["skipped_details"][0]["reason"].startswith("no name")
    dup = second["possible_duplicates_details"][0]
    assert (dup["name"], dup["other_name"]) == ("B. Brown", "Bob Brown")
    (ann,) = contacts.list_contacts(search="ann apple")
    assert set(ann.emails) == {"ann@example.com", "ann@home.net"}
    assert ann.tags == ("Speakers",) and ann.notes == "Met at PyCon" and ann.organisation == "Acme"
    assert ann.linkedin_url == "https://www.linkedin.com/in/ann-apple"
    assert str(ann.met_on) == "2024-03-12"


def test_connected_on_earlier_date_wins(store, tmp_path, today):
    importing.import_files([write(tmp_path, "a.csv", LINKEDIN)], today=today)
    later = LINKEDIN.replace("12 Mar 2024", "12 Mar 2025").replace("01 Feb 2020", "01 Feb 2019")
    result = importing.import_files([write(tmp_path, "b.csv", later)], today=today)
    assert result.files[0].merged == 2
    dates = {c.name: str(c.met_on) for c in contacts.list_contacts()}
    assert dates == {"Ann Apple": "2024-03-12", "Bob Brown": "2019-02-01"}


def test_refused_file_writes_nothing_even_after_a_good_one(store, tmp_path, today):
    good = write(tmp_path, "good.csv", LINKEDIN)
    bad = write(tmp_path, "bad.vcf", VCARD + "BEGIN:VCARD\r\nFN:cut short\r\n")  # truncated after 3 cards
    before = counts()
    with pytest.raises(ImportRefused, match="bad.vcf"):
        importing.import_files([good, bad], today=today)
    assert counts() == before


def test_dry_run_reports_and_rolls_back(store, tmp_path, today):
    before = counts()
    result = importing.import_files([write(tmp_path, "c.csv", LINKEDIN)], today=today, dry_run=True)
    assert result.files[0].created == 2 and counts() == before


def test_cancel_rolls_back(store, tmp_path, today):
    before = counts()
    calls = iter([False, True])
    with pytest.raises(importing.ImportCancelled):
        importing.import_files([write(tmp_path, "c.csv", LINKEDIN)], today=today, cancelled=lambda: next(calls))
    assert counts() == before


def test_referred_by_links_known_names_only(store, tmp_path, today):
    path = write(tmp_path, "o.csv", "First Name,Last Name,E-mail Address,Referred By\n"
                                    "Ann,Apple,ann@x.org,\nCid,Coe,cid@x.org,ann apple\nDee,Dunn,dee@x.org,Nobody Known\n")
    result = importing.import_files([path], today=today)
    by_name = {c.name: c for c in contacts.list_contacts()}
    assert by_name["Cid Coe"].introduced_by == by_name["Ann Apple"].id
    assert by_name["Dee Dunn"].introduced_by is None
    assert any("Nobody Known" in w for w in result.files[0].warnings)


def test_search_text_matches_the_store_formula(store, tmp_path, today):
    from netdesk.store import contacts as q

    importing.import_files([write(tmp_path, "a.vcf", VCARD)], today=today)
    c = database.connection()
    before = dict(c.execute("SELECT id, search_text FROM contact"))
    q.search_text_for(list(before))
    assert dict(c.execute("SELECT id, search_text FROM contact")) == before


def test_cli_json_and_refusal_leave_store_unchanged(cli, db_path, tmp_path, corpus):
    done = cli("import", str(corpus / "vcard" / "ezvcard-gmail-list.vcf"), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["created"] == 3 and document["files"][0]["created"] == 3
    assert set(document) >= {"created", "merged", "skipped", "possible_duplicates", "errors", "files"}
    assert {k: document[k] for k in ("created", "merged", "skipped", "possible_duplicates", "errors")} == {"created": 3, "merged": 0, "skipped": 0, "possible_duplicates": 0, "errors": 0}
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        snapshot = conn.execute("SELECT count(*) FROM contact").fetchone()
    for content in (b"", b"\x00\x01\x02binary", b"BEGIN:VCARD\r\nFN:cut\r\n", b"x,y\n1,2\n"):
        bad = tmp_path / "bad.vcf"
        bad.write_bytes(content)
        refused = cli("import", str(bad))
        assert refused.returncode == 1 and refused.stderr.startswith("error: ") and str(bad) in refused.stderr
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone() == snapshot


def test_every_corpus_contact_file_imports(store, corpus, today):
    files = sorted((corpus / "vcard").glob("*.vcf")) + sorted((corpus / "csv").glob("*.csv"))
    result = importing.import_files(files, today=today).to_json()
    assert result["created"] >= 45
    assert contacts.list_contacts(search="iksinski")[0].name == "Piotr Iksiński"
    assert contacts.list_contacts(search="黄世勇")
    assert contacts.list_contacts(search="権兵衛")


@pytest.mark.parametrize("text", ["Ann  APPLE\t| x@Y.org", "Ångström", "山田 太郎", "ÉCOLE  Normale", "a\x1fb", "  ",
                                  "Łódź Straße Æsir", "ﬁ ① ｶ ㌀", "Ǆemal Ὀδυσσεύς", "한국어 이름"])
def test_fast_fold_agrees_with_fold(text):
    from netdesk.domain.text import fold
    from netdesk.store.bulk_import import fast_fold

    assert fast_fold(text) == fold(text)


def test_fast_fold_agrees_with_fold_on_any_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from netdesk.domain.text import fold
    from netdesk.store.bulk_import import fast_fold

    @settings(max_examples=500, deadline=None)
    @given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
    def check(text):
        assert fast_fold(text) == fold(text)

    check()


def test_search_text_by_parts_equals_folding_the_whole():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from netdesk.domain.text import fold
    from netdesk.store.bulk_import import search_text

    text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(text, min_size=9, max_size=9), st.lists(text, max_size=3), st.lists(text, max_size=3))
    def check(parts, emails, tags):
        name, org, dept, title, pg, pf, notes = parts[:7]
        whole = fold(" | ".join([name, org, dept, title, pg, pf, *emails, *tags, notes]))
        assert search_text(name, org, dept, title, pg, pf, emails, tags, notes) == whole
        assert search_text(name, org, dept, title, pg, pf, emails, tags, notes, folded_name=fold(name)) == whole

    check()


def test_a_vdir_folder_imports_its_cards(store, tmp_path, today):
    book = tmp_path / "book"
    book.mkdir()
    for i, name in enumerate(("Ann Apple", "Bob Brown")):
        (book / f"{i}.vcf").write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n", encoding="utf-8")
    (book / "notes.txt").write_text("not a card")
    result = importing.import_files([book], today=today)
    assert [f.created for f in result.files] == [1, 1]
    with pytest.raises(ImportRefused, match="no .vcf files"):
        importing.import_files([_empty(tmp_path)], today=today)


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_an_import_names_the_contacts_it_created_and_merged(store, tmp_path, today):
    first = importing.import_files([write(tmp_path, "c.csv", LINKEDIN)], today=today)
    created = {c.id for c in contacts.list_contacts()}
    assert first.change.contacts >= created and not first.change.everything
    second = importing.import_files([write(tmp_path, "a.vcf", VCARD)], today=today)
    (ann,) = contacts.list_contacts(search="ann apple")
    assert ann.id in second.change.contacts  # merged into
    assert set(second.files[0].created_ids) <= second.change.contacts
    assert importing.import_files([write(tmp_path, "d.csv", LINKEDIN)], today=today, dry_run=True).change == \
        importing.ImportResult().change  # a dry run wrote nothing


def test_a_json_restore_changes_everything(store, tmp_path, today):
    from netdesk.services import exporting
    from netdesk.store.db import close_store, open_store

    contacts.add_contact("Ann", today=today)
    exporting.export(tmp_path / "b.json", "json")
    close_store()
    open_store(tmp_path / "fresh.sqlite3")
    result = importing.import_files([tmp_path / "b.json"], today=today)
    assert result.change.everything and [c.name for c in contacts.list_contacts()] == ["Ann"]


def test_a_value_that_is_not_an_email_is_kept_as_text_with_a_warning(store, tmp_path, today):
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Coe\r\nEMAIL:not an address\r\nEMAIL:cy@example.org\r\n"
            "END:VCARD\r\n")
    result = importing.import_files([write(tmp_path, "c.vcf", text)], today=today)
    (cy,) = contacts.list_contacts()
    assert cy.emails == ("cy@example.org",)
    assert any("'not an address' is not an email address" in w for w in result.to_json()["warnings"])
    (extra,) = database.connection().execute("SELECT extra FROM contact WHERE id = ?", (cy.id,)).fetchone()
    assert json.loads(extra)["unusable_emails"] == ["not an address"]
    assert "Not an email address" in cy.notes and "not an address" in cy.notes  # where the user sees it
