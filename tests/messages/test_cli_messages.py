"""The whole path through the real CLI (CLI.md "Messages"): a favour, a lead's close-the-loop and a
referral's expect-call each draft the habit's message and `sent` closes the loop; a vCard birthday is a
`birthday` reminder on its day in `reminders --json` and in the .ics."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

import icalendar

# The CLI reads the clock (it is the edge that may); these tests date everything from that same day.
TODAY = dt.date.today()


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _reminder(cli, kind: str, contact: str) -> dict:
    found = [r for r in _json(cli("reminders", "--all", "--json")) if r["kind"] == kind and r["contact"] == contact]
    assert len(found) == 1, found
    return found[0]


def _body_of(mailto: str) -> tuple[list[str], str, str]:
    url = urllib.parse.urlsplit(mailto)
    assert url.scheme == "mailto"
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    return [urllib.parse.unquote(a) for a in url.path.split(",") if a], query["subject"][0], query["body"][0]


def test_a_favour_drafts_a_thank_you_and_sent_records_the_thanks(cli):
    assert cli("contact", "add", "Chloé Dubois", "--email", "chloe@example.org").returncode == 0
    assert cli("message-words", "--offer", "Happy to return the favour any time",
               "--signature", "Sam").returncode == 0
    assert cli("favour", "Chloé Dubois", "introduced me to the design team at Acme").returncode == 0
    rid = _reminder(cli, "thank-you", "Chloé Dubois")["id"]

    draft = _json(cli("draft", str(rid), "--json"))
    assert draft["reminder"] == rid and draft["kind"] == "thank-you"
    assert draft["to"] == ["chloe@example.org"]
    assert "Chloé" in draft["body"] and "introduced me to the design team at Acme" in draft["body"]
    assert "Happy to return the favour any time." in draft["body"]
    assert draft["body"].rstrip().endswith("Sam")
    to, subject, body = _body_of(draft["mailto"])
    assert (to, subject, body) == (draft["to"], draft["subject"], draft["body"])

    sent = cli("sent", str(rid))
    assert sent.returncode == 0, sent.stderr
    assert _reminder(cli, "thank-you", "Chloé Dubois")["status"] == "done"
    shown = _json(cli("contact", "show", "Chloé Dubois", "--json"))
    assert [f["thanked_on"] for f in shown["favours"]] == [TODAY.isoformat()]
    assert [(i["kind"], i["on"]) for i in shown["interactions"]] == [("email", TODAY.isoformat())]
    again = cli("sent", str(rid))
    assert again.returncode == 1 and "already done" in again.stderr


def test_a_contact_without_email_still_gets_a_draft(cli):
    assert cli("contact", "add", "山田太郎").returncode == 0
    assert cli("favour", "山田太郎", "紹介してくれた").returncode == 0
    rid = _reminder(cli, "thank-you", "山田太郎")["id"]
    result = cli("draft", str(rid), "--json")
    draft = _json(result)
    assert draft["to"] == [] and "山田太郎" in draft["body"] and "紹介してくれた" in draft["body"]
    assert "no email address" in result.stderr
    assert _body_of(draft["mailto"])[2] == draft["body"]


def test_close_the_loop_tells_the_giver_and_sent_marks_the_lead_reported(cli):
    assert cli("contact", "add", "Ana Silva", "--email", "ana@example.org").returncode == 0
    lead = _json(cli("lead", "add", "Ana Silva", "a product role at Initech", "--json"))["id"]
    assert cli("lead", "outcome", str(lead), "I start in May").returncode == 0
    rid = _reminder(cli, "close-the-loop", "Ana Silva")["id"]
    draft = _json(cli("draft", str(rid), "--json"))
    assert "a product role at Initech" in draft["body"] and "I start in May" in draft["body"]
    assert _body_of(draft["mailto"])[2] == draft["body"]
    assert cli("sent", str(rid), "--on", TODAY.isoformat()).returncode == 0
    assert _reminder(cli, "close-the-loop", "Ana Silva")["status"] == "done"
    shown = _json(cli("contact", "show", "Ana Silva", "--json"))
    assert [entry.get("reported_on") for entry in shown["leads"]] == [TODAY.isoformat()]
    assert [i["kind"] for i in shown["interactions"]] == ["email"]


def test_expect_call_warns_the_target_and_sent_completes_it(cli):
    assert cli("contact", "add", "Kenji Sato", "--email", "kenji@example.org", "--title", "Engineer",
               "--org", "Initech").returncode == 0
    assert cli("contact", "add", "Mia Wong", "--email", "mia@example.org").returncode == 0
    assert cli("contact", "set", "Mia Wong", "--name-ok").returncode == 0
    assert cli("refer", "Kenji Sato", "--to", "Mia Wong").returncode == 0
    rid = _reminder(cli, "expect-call", "Mia Wong")["id"]
    draft = _json(cli("draft", str(rid), "--json"))
    assert draft["to"] == ["mia@example.org"]
    assert "Kenji Sato" in draft["subject"] and "Kenji Sato is Engineer at Initech." in draft["body"]
    assert "Thank you for letting me pass on your name." in draft["body"]
    assert cli("sent", str(rid)).returncode == 0
    assert _reminder(cli, "expect-call", "Mia Wong")["status"] == "done"
    assert _reminder(cli, "check-back", "Kenji Sato")["status"] == "open"


def test_an_unknown_placeholder_is_refused_with_the_known_ones(cli, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text("Hi {first_name}, thanks for {favor}.\n", encoding="utf-8")
    result = cli("template", "set", "thank-you", "--body", str(body))
    assert result.returncode == 1
    assert "{favor}" in result.stderr and "{what}" in result.stderr


def test_an_edited_template_drafts_the_message(cli, tmp_path):
    assert cli("contact", "add", "Zoë", "--email", "zoe@example.org").returncode == 0
    assert cli("favour", "Zoë", "a reference letter").returncode == 0
    body = tmp_path / "body.txt"
    body.write_text("Dear {first_name},\nThanks for {what}!\nA line about {outcome}.\n{offer}\n", encoding="utf-8")
    assert cli("template", "set", "thank-you", "--subject", "Merci {first_name}", "--body", str(body)).returncode == 1
    body.write_text("Dear {first_name},\nThanks for {what}!\n{offer}\n", encoding="utf-8")
    assert cli("template", "set", "thank-you", "--subject", "Merci {first_name}", "--body", str(body)).returncode == 0
    preview = _json(cli("template", "preview", "thank-you", "--json"))
    assert preview["subject"] == "Merci Zoë"
    assert preview["body"].splitlines()[:2] == ["Dear Zoë,", "Thanks for a reference letter!"]
    assert cli("template", "reset", "thank-you").returncode == 0
    assert _json(cli("template", "show", "thank-you", "--json"))["subject"] == "Thank you, {first_name}"


def test_a_vcard_birthday_is_a_birthday_reminder_on_its_day(cli, tmp_path):
    day = TODAY + dt.timedelta(days=20)
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoë Ångström\r\nEMAIL:zoe@example.org\r\n"
                    f"BDAY:--{day:%m%d}\r\nEND:VCARD\r\n"
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Li Wei\r\nBDAY:1980-"
                    f"{day:%m-%d}\r\nEND:VCARD\r\n", encoding="utf-8")
    assert cli("import", str(card)).returncode == 0
    expected = day
    birthdays = {r["contact"]: r for r in _json(cli("reminders", "--json")) if r["kind"] == "birthday"}
    assert {name: r["due"] for name, r in birthdays.items()} == {"Zoë Ångström": expected.isoformat(),
                                                                "Li Wei": expected.isoformat()}
    ics = tmp_path / "netdesk.ics"
    assert cli("export-ics", str(ics)).returncode == 0
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    for reminder in birthdays.values():
        event = events[reminder["uid"]]
        assert event.decoded("DTSTART") == expected
        assert reminder["contact"] in str(event["SUMMARY"])
    draft = _json(cli("draft", str(birthdays["Zoë Ångström"]["id"]), "--json"))
    assert draft["subject"] == "Happy birthday, Zoë!" and draft["to"] == ["zoe@example.org"]
    assert cli("sent", str(birthdays["Zoë Ångström"]["id"])).returncode == 0
    assert _reminder(cli, "birthday", "Zoë Ångström")["status"] == "done"


def test_contact_set_birthday_gives_and_removes_the_reminder(cli):
    assert cli("contact", "add", "Ola Nordmann").returncode == 0
    day = TODAY + dt.timedelta(days=3)
    assert cli("contact", "set", "Ola Nordmann", "--birthday", f"{day:%m-%d}").returncode == 0
    assert _reminder(cli, "birthday", "Ola Nordmann")["due"] == day.isoformat()
    refused = cli("contact", "set", "Ola Nordmann", "--birthday", "02-30")
    assert refused.returncode == 1 and "MM-DD" in refused.stderr
    assert cli("contact", "set", "Ola Nordmann", "--birthday", "none").returncode == 0
    assert _reminder(cli, "birthday", "Ola Nordmann")["status"] == "cancelled"
