"""The walking skeleton's acceptance script, run through the real CLI in subprocesses (CLI.md)."""

import datetime as dt
import json

import icalendar


def _events(path):
    return [c for c in icalendar.Calendar.from_ical(path.read_bytes()).walk() if c.name == "VEVENT"]


def test_contact_favour_reminder_calendar_thanks(cli, db_path, tmp_path):
    added = cli("contact", "add", "Zoë Ångström-Núñez", "--email", "zoe@example.org", "--json")
    assert added.returncode == 0, added.stderr
    contact = json.loads(added.stdout)
    for key in ("id", "name", "emails", "phones", "organisation", "title", "tags", "how_met", "every_days",
                "last_contacted", "name_ok"):
        assert key in contact
    assert contact["emails"] == ["zoe@example.org"]

    # Dated from today: an overdue reminder would be shown on today's date in the calendar (issue 19).
    today = dt.date.today()
    due = (today + dt.timedelta(days=2)).isoformat()
    assert cli("favour", "zoe@example.org", "Introduced me to Ana", "--on", today.isoformat()).returncode == 0
    listed = json.loads(cli("reminders", "--json").stdout)
    [reminder] = [r for r in listed if r["kind"] == "thank-you"]
    assert reminder["due"] == due
    assert reminder["status"] == "open"
    assert reminder["contact_id"] == contact["id"]
    assert reminder["uid"]

    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    assert cli("export-ics", str(first)).returncode == 0
    assert cli("export-ics", str(second)).returncode == 0
    [a], [b] = _events(first), _events(second)
    assert str(a["UID"]) == str(b["UID"]) == reminder["uid"]
    assert a.decoded("DTSTART").isoformat() == due
    assert "Zoë Ångström-Núñez" in str(a["SUMMARY"])
    assert any(sub.name == "VALARM" for sub in a.subcomponents)

    assert cli("thank", str(contact["id"]), "--on", today.isoformat()).returncode == 0
    assert json.loads(cli("reminders", "--json").stdout) == []
    assert cli("export-ics", str(first)).returncode == 0
    [cancelled] = _events(first)
    assert str(cancelled["UID"]) == reminder["uid"]
    assert cancelled["STATUS"] == "CANCELLED"

    found = json.loads(cli("contact", "list", "--search", "angstrom nunez", "--json").stdout)
    assert [c["id"] for c in found] == [contact["id"]]
    found = json.loads(cli("contact", "list", "--search", "ZOE", "--json").stdout)
    assert [c["id"] for c in found] == [contact["id"]]


def test_unknown_contact_exits_1_and_writes_nothing(cli, db_path):
    assert cli("contact", "add", "Ana").returncode == 0
    before = db_path.read_bytes()
    result = cli("favour", "Nobody Known", "x", "--on", "2026-03-01")
    assert result.returncode == 1
    assert result.stderr.startswith("error:")
    assert "Traceback" not in result.stderr
    assert json.loads(cli("reminders", "--all", "--json").stdout) == []
    assert cli("contact", "show", "nobody@example.org").returncode == 1
    assert db_path.read_bytes()[:100] == before[:100]


def test_impossible_date_is_refused_with_exit_1(cli):
    assert cli("contact", "add", "Ana").returncode == 0
    result = cli("favour", "Ana", "x", "--on", "2026-02-30")
    assert result.returncode == 1
    assert "error:" in result.stderr and "2026-02-30" in result.stderr
    assert json.loads(cli("reminders", "--all", "--json").stdout) == []


def test_db_in_unwritable_place_exits_1_and_creates_nothing(tmp_path):
    from tests.conftest import run_netdesk

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_netdesk("contact", "list", db=blocker / "sub" / "netdesk.sqlite3")
    assert result.returncode == 1
    assert result.stderr.startswith("error:")
    assert blocker.read_text() == "not a folder"
    result = run_netdesk("contact", "list", db=tmp_path / "proc" / ".." / "a-file" / "x.sqlite3")
    assert result.returncode == 1


def test_usage_error_is_exit_2(cli):
    assert cli("contact", "frobnicate").returncode == 2


def test_version(cli):
    from netdesk import __version__

    result = cli("--version")
    assert result.stdout.strip() == f"netdesk {__version__}"


def test_env_var_selects_the_store(tmp_path):
    from tests.conftest import run_netdesk

    target = tmp_path / "from-env.sqlite3"
    assert run_netdesk("contact", "add", "Ana", env={"NETDESK_DB": str(target)}).returncode == 0
    assert target.exists()


def test_self_test_offscreen(cli):
    result = cli("--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
