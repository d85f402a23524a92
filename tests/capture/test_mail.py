"""`capture mail` through the CLI and the database: mbox, Maildir, Thunderbird, repeated runs."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from tests.capture.mail_kit import (
    ME,
    TODAY,
    add_contact,
    captured,
    dump,
    message,
    rfc_date,
    rows,
    write_maildir,
    write_mbox,
)

MANY = [f"person{i}@crowd.example" for i in range(24)]


@pytest.fixture
def people(cli):
    met = (TODAY - dt.timedelta(days=60)).isoformat()
    ana = add_contact(cli, "Ana Lima", "ana@example.org", "ana.lima@work.example", every=30)
    assert cli("contact", "set", str(ana), "--how-met", "conference").returncode == 0
    result = cli("contact", "add", "Björn Ståhl", "--email", "Bjorn@Example.se", "--met-on", met, "--every", "30",
                 "--json")
    bjorn = json.loads(result.stdout)["id"]
    chen = add_contact(cli, "Chen Wei", "chen@example.cn")
    return {"ana": ana, "bjorn": bjorn, "chen": chen}


def mixed_mail():
    return [
        message(ME, "Ana Lima <ANA@Example.ORG>", days_ago=5, subject="Lunch?"),  # sent, other capitalisation
        message("=?utf-8?q?Bj=C3=B6rn_St=C3=A5hl?= <bjorn@EXAMPLE.se>", ME, days_ago=3,
                subject="=?utf-8?b?w4Vyc3JhcHBvcnQ=?="),  # RFC 2047 name and subject
        message("ana.lima@work.example", ME, message_id=None, date="Mon, 2 Feb 26 10:00:00 EST",
                subject="No Message-ID, a two-digit year"),  # secondary address
        message("Ana Lima <ana@example.org>", ME, days_ago=2, subject="[list] news", List_Id="<news.example.org>"),
        message("ana@example.org", ME, days_ago=2, Precedence="bulk"),
        message("ana@example.org", ME, days_ago=2, Auto_Submitted="auto-replied"),
        message("No Reply <no-reply@shop.example>", ME, days_ago=2),
        message(ME, MANY + ["chen@example.cn"], days_ago=4, subject="To everyone"),  # 25 recipients
        message("Dana Park <dana@elsewhere.example>", ME, days_ago=10),
        message("dana@elsewhere.example", ME, days_ago=20),
        message(ME, "Dana <DANA@elsewhere.example>", days_ago=30),
        message("eve@elsewhere.example", ME, days_ago=1),  # only twice: not suggested
        message(ME, "eve@elsewhere.example", days_ago=2),
        message("chen@example.cn", ME, date="not a date at all"),
    ]


def test_mbox_logs_each_contact_once_and_moves_the_reminder(cli, db_path, people, tmp_path):
    box = write_mbox(tmp_path / "inbox.mbox", mixed_mail())
    before_due = {r["contact_id"]: r["due"] for r in json.loads(cli("reminders", "--json").stdout)
                  if r["kind"] == "keep-in-touch"}
    first = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert first["messages"] == 14
    assert first["matched"] == 3 and first["logged"] == 3 and first["already_logged"] == 0
    assert first["skipped"] == {"bulk": 3, "no_reply": 1, "many_recipients": 1, "no_contact": 5, "bad_date": 1}
    assert first["suggested"] == [{"email": "dana@elsewhere.example", "name": "Dana Park", "count": 3}]

    logged = rows(db_path, "SELECT contact_id, kind, on_date, note FROM interaction ORDER BY contact_id, on_date")
    ana, bjorn = people["ana"], people["bjorn"]
    assert [(c, k) for c, k, _, _ in logged] == [(ana, "email"), (ana, "email"), (bjorn, "email")]
    assert logged[0][2] == "2026-02-02" and logged[0][3] == "Captured from mail (received): No Message-ID, a two-digit year"
    assert logged[1][3] == "Captured from mail (sent): Lunch?"
    assert logged[2][3] == "Captured from mail (received): Årsrapport"
    last = dict(rows(db_path, "SELECT id, last_contacted FROM contact"))
    assert last[ana] == (TODAY - dt.timedelta(days=5)).isoformat()
    assert last[bjorn] == (TODAY - dt.timedelta(days=3)).isoformat()
    assert last[people["chen"]] is None
    after_due = {r["contact_id"]: r["due"] for r in json.loads(cli("reminders", "--json").stdout)
                 if r["kind"] == "keep-in-touch"}
    assert after_due[bjorn] == (TODAY + dt.timedelta(days=27)).isoformat() != before_due[bjorn]

    again = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert (again["messages"], again["logged"], again["already_logged"]) == (0, 0, 0)
    assert again["suggested"] == first["suggested"]  # kept between runs, though nothing was read
    assert len(rows(db_path, "SELECT id FROM interaction")) == 3


def test_appended_mail_is_all_a_second_run_reads(cli, db_path, people, tmp_path):
    box = write_mbox(tmp_path / "inbox", [message(ME, "ana@example.org", days_ago=9)])
    assert captured(cli("capture", "mail", str(box), "--me", ME, "--json"))["logged"] == 1
    write_mbox(box, [message("chen@example.cn", ME, days_ago=1), message("nobody@x.example", ME)])
    second = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert (second["messages"], second["logged"]) == (2, 1)
    assert rows(db_path, "SELECT last_contacted FROM contact WHERE id = ?", people["chen"]) == [
        ((TODAY - dt.timedelta(days=1)).isoformat(),)]


def test_the_same_messages_in_a_maildir_are_already_logged(cli, db_path, people, tmp_path):
    mail = mixed_mail()
    box = write_mbox(tmp_path / "inbox.mbox", mail)
    captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    maildir = write_maildir(tmp_path / "Maildir", mail)
    copy = captured(cli("capture", "mail", str(maildir), "--me", ME, "--json"))
    assert (copy["messages"], copy["matched"], copy["logged"], copy["already_logged"]) == (14, 3, 0, 3)
    write_maildir(maildir, [message("Chen <Chen@Example.CN>", ME, days_ago=1)])
    more = captured(cli("capture", "mail", str(maildir), "--me", ME, "--json"))
    assert (more["messages"], more["logged"]) == (1, 1)
    assert len(rows(db_path, "SELECT id FROM interaction")) == 4


def test_a_compacted_mbox_is_read_again_without_logging_twice(cli, db_path, people, tmp_path):
    mail = [message("x@nowhere.example", ME, days_ago=8), message(ME, "ana@example.org", days_ago=7)]
    box = write_mbox(tmp_path / "Inbox", mail)
    captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    box.unlink()
    write_mbox(box, [mail[1], message(ME, "bjorn@example.se", days_ago=1)])  # the first deleted, one new
    after = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert (after["messages"], after["logged"], after["already_logged"]) == (2, 1, 1)


def test_my_addresses_from_the_settings_and_subjects_off(cli, db_path, people, tmp_path):
    assert cli("capture", "settings", "--me", "ME@home.example", "--subjects", "off").returncode == 0
    box = write_mbox(tmp_path / "sent", [message(ME, "ana@example.org", subject="Private matter")])
    result = captured(cli("capture", "mail", str(box), "--json"))
    assert result["warnings"] == [] and result["logged"] == 1
    assert rows(db_path, "SELECT note FROM interaction") == [("Captured from mail (sent)",)]


def test_skip_list_and_ignored_suggestions(cli, db_path, people, tmp_path):
    assert cli("capture", "settings", "--skip", "example.cn", "--me", ME).returncode == 0
    mail = [message("chen@example.cn", ME, days_ago=d) for d in (1, 2)]
    mail += [message("fan@fans.example", ME, days_ago=d) for d in (1, 2, 3)]
    box = write_mbox(tmp_path / "box", mail)
    first = captured(cli("capture", "mail", str(box), "--json"))
    assert first["skipped"] == {"skip_list": 2, "no_contact": 3} and first["logged"] == 0
    assert [s["email"] for s in first["suggested"]] == ["fan@fans.example"]
    assert cli("capture", "ignore", "Fan@Fans.example").returncode == 0
    write_mbox(box, [message("ana@example.org", ME)])
    assert captured(cli("capture", "mail", str(box), "--json"))["suggested"] == []


def test_a_suggested_person_added_as_a_contact_leaves_the_list(cli, people, tmp_path):
    box = write_mbox(tmp_path / "box", [message("Gil <gil@x.example>", ME, days_ago=d) for d in (1, 2, 3)])
    assert captured(cli("capture", "mail", str(box), "--me", ME, "--json"))["suggested"][0]["name"] == "Gil"
    add_contact(cli, "Gil", "GIL@x.example")
    write_mbox(box, [message("nobody@y.example", ME)])
    assert captured(cli("capture", "mail", str(box), "--me", ME, "--json"))["suggested"] == []


def test_since_skips_older_mail_and_a_wider_run_reads_it_again(cli, db_path, people, tmp_path):
    box = write_mbox(tmp_path / "box", [message(ME, "ana@example.org", days_ago=40),
                                        message(ME, "bjorn@example.se", days_ago=2)])
    since = (TODAY - dt.timedelta(days=10)).isoformat()
    first = captured(cli("capture", "mail", str(box), "--me", ME, "--since", since, "--json"))
    assert first["logged"] == 1 and first["skipped"] == {"before_since": 1}
    wider = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert (wider["messages"], wider["logged"], wider["already_logged"]) == (2, 1, 1)


def test_dry_run_logs_nothing(cli, db_path, people, tmp_path):
    box = write_mbox(tmp_path / "box", mixed_mail())
    before = dump(db_path)
    dry = captured(cli("capture", "mail", str(box), "--me", ME, "--dry-run", "--json"))
    assert dry["logged"] == 3
    assert dump(db_path) == before
    assert captured(cli("capture", "mail", str(box), "--me", ME, "--json"))["logged"] == 3


def test_without_my_addresses_a_warning_and_no_suggestions(cli, people, tmp_path):
    box = write_mbox(tmp_path / "box", [message("dana@x.example", ME, days_ago=d) for d in (1, 2, 3)]
                     + [message(ME, "ana@example.org")])
    result = cli("capture", "mail", str(box), "--json")
    document = captured(result)
    assert "warning: none of your own addresses" in result.stderr and document["warnings"]
    assert document["logged"] == 1 and document["suggested"] == []


def thunderbird(home, mail):
    root = home / ".thunderbird"
    profile = root / "x1y2z3.default-release"
    local = profile / "Mail" / "Local Folders"
    imap = profile / "ImapMail" / "imap.example.com" / "INBOX.sbd"
    for folder in (local, imap):
        folder.mkdir(parents=True)
    (root / "profiles.ini").write_text("[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default-release\n"
                                       "IsRelative=1\nPath=x1y2z3.default-release\nDefault=1\n")
    write_mbox(local / "Sent", mail[:1])
    (local / "Sent.msf").write_bytes(b"// <!-- <mdb:mork:z v=\"1.4\"/> -->")
    write_mbox(imap / "Work", mail[1:])
    (imap / "Work.msf").write_bytes(b"")
    (local / "msgFilterRules.dat").write_text("version=\"9\"\n")  # not mail: no .msf beside it
    return root, profile


def test_a_thunderbird_profile_found_from_home(cli, db_path, people, tmp_path):
    home = tmp_path / "home"
    evolution = home / ".local/share/evolution/mail/local"
    root, profile = thunderbird(home, [message(ME, "ana@example.org", days_ago=3),
                                       message("chen@example.cn", ME, days_ago=2)])
    write_maildir(evolution, [message("bjorn@example.se", ME, days_ago=1)])
    write_maildir(evolution / ".Archive", [message(ME, "bjorn@example.se", days_ago=6)])  # Maildir++ folder
    found = captured(cli("capture", "mail", "--me", ME, "--json", env={"HOME": str(home)}))
    assert (found["messages"], found["logged"]) == (4, 4)
    assert captured(cli("capture", "mail", str(root), "--me", ME, "--json"))["messages"] == 0
    assert captured(cli("capture", "mail", str(profile), "--me", ME, "--json"))["messages"] == 0


def test_an_explicit_thunderbird_root(cli, people, tmp_path):
    root, _ = thunderbird(tmp_path, [message(ME, "ana@example.org"), message("chen@example.cn", ME)])
    assert captured(cli("capture", "mail", str(root), "--me", ME, "--json"))["logged"] == 2


def test_the_change_names_what_was_written(store, tmp_path, today):
    from netdesk.domain.change import RecordKind
    from netdesk.services.capture_mail import capture_mail
    from netdesk.services.contacts import add_contact as add

    added = add("Ana", emails=["ana@example.org"], every_days=30, today=today)
    box = write_mbox(tmp_path / "box", [message(ME, "ana@example.org", date=rfc_date((TODAY - today).days + 2))])
    done = capture_mail([box], today=today, tz=dt.UTC, me=[ME])
    assert done.logged == 1
    assert done.change.contacts >= {added.contact.id}
    assert len(done.change.records_of(RecordKind.INTERACTION)) == 1 and done.change.reminders
    assert capture_mail([box], today=today, tz=dt.UTC, me=[ME]).change.records == frozenset()


def test_junk_in_the_header_bytes_is_read_not_refused(cli, db_path, people, tmp_path):
    raw = (b"From x@y Thu Jan  1 00:00:00 2026\nFrom: =?x-unknown?q?Caf=E9?= <ana@example.org>\nTo: " + ME.encode()
           + b"\nSubject: caf\xe9 \xff\xfe\nDate: " + rfc_date(1).encode() + b"\nMessage-ID: <j@x>\n\nbody\n")
    box = tmp_path / "latin1"
    box.write_bytes(raw)
    result = captured(cli("capture", "mail", str(box), "--me", ME, "--json"))
    assert result["logged"] == 1
    (note,) = rows(db_path, "SELECT note FROM interaction")[0]
    assert note.startswith("Captured from mail (received): caf")


def test_paths_given_twice_are_read_once(cli, people, tmp_path):
    box = write_mbox(tmp_path / "box", [message(ME, "ana@example.org")])
    shutil.copy(box, tmp_path / "copy")
    result = captured(cli("capture", "mail", str(box), str(box), str(tmp_path / "copy"), "--me", ME, "--json"))
    assert (result["messages"], result["logged"], result["already_logged"]) == (2, 1, 1)
