"""Anniversaries of working together (issue 20 item 5), through the real CLI: a vCard 4.0 ANNIVERSARY and a
3.0 card's X-ANNIVERSARY / X-EVOLUTION-ANNIVERSARY each give a yearly `anniversary` reminder on the day, in
`reminders --json` and in the .ics (read back by icalendar and by vobject), with its own draft;
`contact set --anniversary` edits it; vCard export (4.0 and 3.0) and the CardDAV fields keep it."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netdesk.domain import rules
from netdesk.domain.kinds import ReminderKind
from netdesk.exchange.card import ContactRecord
from netdesk.services.carddav import fields

# The CLI reads the clock (it is the edge that may); these tests date everything from that same day.
TODAY = dt.date.today()


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _anniversaries(cli) -> dict[str, dict]:
    return {r["contact"]: r for r in _json(cli("reminders", "--all", "--json")) if r["kind"] == "anniversary"}


def test_a_vcard_anniversary_is_an_anniversary_reminder_on_its_day(cli, tmp_path):
    day = TODAY + dt.timedelta(days=20)
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë Ångström\r\nEMAIL:zoe@example.org\r\n"
        f"ANNIVERSARY:2019{day:%m%d}\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Wei\r\nN:Li;Wei;;;\r\nX-ANNIVERSARY:2018-{day:%m-%d}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Evo Lution\r\nN:Lution;Evo;;;\r\n"
        f"X-EVOLUTION-ANNIVERSARY:2021-{day:%m-%d}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Yearless\r\n"
        f"ANNIVERSARY:--{day:%m%d}\r\nEND:VCARD\r\n", encoding="utf-8")
    assert cli("import", str(card)).returncode == 0
    found = _anniversaries(cli)
    assert {name: r["due"] for name, r in found.items()} == {
        name: day.isoformat() for name in ("Zoë Ångström", "Li Wei", "Evo Lution", "Yearless")}
    assert all(r["status"] == "open" for r in found.values())
    assert not [r for r in _json(cli("reminders", "--all", "--json")) if r["kind"] == "birthday"]

    ics = tmp_path / "netdesk.ics"
    assert cli("export-ics", str(ics)).returncode == 0
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    parsed = vobject.readOne(ics.read_text(encoding="utf-8"))
    second = {str(e.uid.value): e for e in parsed.vevent_list}
    for reminder in found.values():
        event = events[reminder["uid"]]
        assert event.decoded("DTSTART") == day
        assert reminder["contact"] in str(event["SUMMARY"])
        assert second[reminder["uid"]].dtstart.value == day
        assert reminder["contact"] in second[reminder["uid"]].summary.value

    draft = _json(cli("draft", str(found["Zoë Ångström"]["id"]), "--json"))
    assert draft["to"] == ["zoe@example.org"]
    assert draft["subject"] == "Another year of working together"
    assert "Hi Zoë" in draft["body"] and "working together" in draft["body"]
    assert "{" not in draft["body"] and "None" not in draft["body"]
    assert cli("sent", str(found["Zoë Ångström"]["id"])).returncode == 0
    assert _anniversaries(cli)["Zoë Ångström"]["status"] == "done"

    for fmt, line in (("vcard", f"ANNIVERSARY:2018{day:%m%d}"), ("vcard3", f"X-ANNIVERSARY:2018-{day:%m-%d}")):
        out = tmp_path / f"out-{fmt}.vcf"
        assert cli("export", "--format", fmt, str(out)).returncode == 0
        assert line in out.read_text(encoding="utf-8").splitlines()


def test_contact_set_anniversary_gives_and_removes_the_reminder(cli):
    assert cli("contact", "add", "Ola Nordmann").returncode == 0
    day = TODAY + dt.timedelta(days=3)
    assert cli("contact", "set", "Ola Nordmann", "--anniversary", f"2015-{day:%m-%d}").returncode == 0
    assert _anniversaries(cli)["Ola Nordmann"]["due"] == day.isoformat()
    refused = cli("contact", "set", "Ola Nordmann", "--anniversary", "13-01")
    assert refused.returncode == 1 and "anniversary" in refused.stderr and "MM-DD" in refused.stderr
    assert cli("contact", "set", "Ola Nordmann", "--anniversary", "none").returncode == 0
    assert _anniversaries(cli)["Ola Nordmann"]["status"] == "cancelled"


@pytest.mark.parametrize(("text", "today", "due"), [
    ("2019-03-15", dt.date(2026, 3, 10), dt.date(2026, 3, 15)),
    ("2019-03-15", dt.date(2026, 3, 20), dt.date(2026, 3, 15)),  # kept a week for a belated note
    ("2019-03-15", dt.date(2026, 3, 23), dt.date(2027, 3, 15)),
    ("--02-29", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
    ("not a date", dt.date(2026, 1, 1), None),
])
def test_the_anniversary_rule(text, today, due):
    want = rules.anniversary(7, "Kim", text, rules.RuleSettings(), today)
    assert (None if want is None else want.due) == due
    if want is not None:
        assert want.kind is ReminderKind.ANNIVERSARY and want.source == "anniversary" and "Kim" in want.title


def test_carddav_fields_keep_the_anniversary_and_read_an_old_base():
    record = ContactRecord(name="Kim Lee", anniversary="2019-03-15")
    card = fields.of_record(record)
    assert card.fields["anniversary"] == "2019-03-15"
    assert fields.to_record(card).anniversary == "2019-03-15"
    old_base = {k: v for k, v in card.fields.items() if k != "anniversary"}  # synced before schema v8
    merged = fields.merge(card.fields, old_base, old_base)
    assert merged.local["anniversary"] == merged.server["anniversary"] == "2019-03-15"
    assert not merged.conflicts


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dates=st.lists(st.one_of(
    st.dates(dt.date(1990, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)).map(lambda d: f"--{d:%m-%d}"),
    st.sampled_from(["--02-29", "--02-30", "2001-02-29", "xx", ""])), min_size=1, max_size=5),
       today=st.dates(dt.date(2024, 1, 1), dt.date(2029, 12, 31)))
def test_sql_and_rules_agree_on_anniversaries(store, dates, today):
    from netdesk.services import contacts, reminders
    from netdesk.store import derive_sql
    from netdesk.store import settings as store_settings
    from netdesk.store.models import Contact

    Contact.delete().execute()
    for n, text in enumerate(dates):
        cid = contacts.add_contact(f"Person {n}", today=dt.date(2026, 3, 10)).id
        Contact.update(anniversary=text or None).where(Contact.id == cid).execute()
    spec = sorted((w.kind.value, w.source, w.source_id, w.contact_id, w.due.isoformat(), w.title, w.detail)
                  for w in reminders.desired(today) if w.kind is ReminderKind.ANNIVERSARY)
    with store.atomic():
        derive_sql.build_want(store_settings.rule_settings(), today=today)
        sql = sorted(row[:7] for row in derive_sql.want_rows() if row[0] == "anniversary")
    assert sql == spec
    assert len(spec) == sum(rules.birthday_month_day(t) is not None for t in dates)


def test_an_outlook_csv_anniversary_is_imported(cli, tmp_path):
    day = TODAY + dt.timedelta(days=5)
    path = tmp_path / "outlook.csv"
    path.write_text('"First Name","Last Name","E-mail Address","Anniversary","Birthday"\r\n'
                    f'"Ana","Lima","ana@example.org","{day.month}/{day.day}/2017","0/0/00"\r\n'
                    '"Bo","Berg","bo@example.org","0/0/00","0/0/00"\r\n', encoding="utf-8")
    assert cli("import", str(path)).returncode == 0
    assert {name: r["due"] for name, r in _anniversaries(cli).items()} == {"Ana Lima": day.isoformat()}
