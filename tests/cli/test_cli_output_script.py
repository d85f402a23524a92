"""What the CLI prints (issue 19 item 20), through the real CLI on a real store.

`contact show` without --json prints the history and notes CLI.md promises; a reader that stops early
(`--json | head`) ends the command quietly; `import --dry-run` names who it would create and merge.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _dump(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def test_contact_show_prints_history_and_notes(cli):
    ana = json.loads(_ok(cli("contact", "add", "Ana Lima", "--note", "Keeps bees.\nLikes green tea.", "--every",
                             "30", "--json")))["id"]
    _ok(cli("contact", "add", "Bob Smith"))
    _ok(cli("favour", str(ana), "introduced me to Dan", "--on", "2026-03-01"))
    _ok(cli("thank", str(ana), "--on", "2026-03-03", "--note", "sent a card"))
    _ok(cli("log", str(ana), "call", "--on", "2026-03-05", "--note", "catch-up"))
    _ok(cli("refer", "Bob Smith", "--to", str(ana), "--on", "2026-03-06"))
    _ok(cli("ask", str(ana), "--purpose", "advice on Lisbon", "--on", "2026-03-07"))
    _ok(cli("give", str(ana), "an article on Rust", "--on", "2026-03-08"))
    _ok(cli("lead", "add", str(ana), "a job at Initech", "--on", "2026-03-09"))

    text = _ok(cli("contact", "show", "Ana Lima"))

    lines = text.splitlines()
    assert lines[0] == f"Ana Lima (id {ana})"
    assert "  notes:" in lines and "    Keeps bees." in lines and "    Likes green tea." in lines
    history = lines[lines.index("  history:") + 1:lines.index("  open reminders:")]
    assert [line.split()[0] for line in history] == ["2026-03-09", "2026-03-08", "2026-03-07", "2026-03-06",
                                                     "2026-03-05", "2026-03-03", "2026-03-01"]  # newest first
    for expected in ("2026-03-09  lead: a job at Initech", "2026-03-08  gave (article): an article on Rust",
                     "2026-03-07  ask (small): advice on Lisbon, open",
                     "2026-03-06  referral: gave Bob Smith the name of Ana Lima", "2026-03-05  call: catch-up",
                     "2026-03-03  thanks given: sent a card",
                     "2026-03-01  favour received: introduced me to Dan (thanked 2026-03-03)"):
        assert f"    {expected}" in lines, (expected, text)
    assert "  keep in touch: every 30 days" in lines and "  open reminders:" in lines


def test_json_into_a_reader_that_stops_early_is_quiet(cli, db_path, tmp_path):
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {n}\r\nNOTE:{'words ' * 40}\r\nEND:VCARD\r\n"
                    for n in range(1500))
    (tmp_path / "many.vcf").write_text(cards, encoding="utf-8")
    _ok(cli("import", str(tmp_path / "many.vcf")))
    command = [sys.executable, "-m", "netdesk", "--db", str(db_path), "contact", "list", "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy()) as process:
        assert process.stdout.readline().strip() == b"["  # what `| head -1` reads, then it goes away
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0
    assert stderr == "", stderr  # no traceback, no "Exception ignored"


def test_import_dry_run_names_who_it_would_create_and_merge(cli, db_path, tmp_path):
    ana = json.loads(_ok(cli("contact", "add", "Ana Lima", "--email", "ana@example.org", "--json")))["id"]
    (tmp_path / "two.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana L.\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n", encoding="utf-8")
    before = _dump(db_path)

    text = _ok(cli("import", str(tmp_path / "two.vcf"), "--dry-run"))
    document = json.loads(_ok(cli("import", str(tmp_path / "two.vcf"), "--dry-run", "--json")))

    assert "  would create Zoë Ångström" in text.splitlines()
    assert any(line.startswith("  would merge Ana L. (") and line.endswith(f"into Ana Lima (id {ana})")
               for line in text.splitlines()), text
    assert document["dry_run"] and document["created_names"] == ["Zoë Ångström"]
    assert [(m["name"], m["into"], m["contact_id"]) for m in document["merges"]] == [("Ana L.", "Ana Lima", ana)]
    assert _dump(db_path) == before
