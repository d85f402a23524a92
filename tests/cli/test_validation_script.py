"""Validation everywhere (issue 19 item 14), through the real CLI on a real store.

An email must be an address (one @, a domain with a dot) in `contact add`, `contact set --email` and the
importer (which keeps a bad one in the contact's notes and says so); `2026-02-30` is "not a real date",
`2026-2-3` is "not YYYY-MM-DD"; each refusal is exit 1 with `error:` and nothing written.
"""

from __future__ import annotations

import json
import sqlite3


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _dump(db_path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.iterdump())


def _refused(result, text: str) -> None:
    assert result.returncode == 1 and result.stderr.startswith("error: ") and text in result.stderr, result.stderr


def test_emails_and_dates_are_checked_by_every_command(cli, db_path, tmp_path):
    ana = _json(cli("contact", "add", "Ana Lima", "--email", "ana@example.org", "--json"))["id"]
    before = _dump(db_path)
    for bad in ("bob@example", "bob@@example.org", "bob@example.", "bob"):
        _refused(cli("contact", "add", "Bob Smith", "--email", bad), "is not an email address")
        _refused(cli("contact", "set", "Ana Lima", "--email", bad), "is not an email address")
    _refused(cli("contact", "add", "Bob Smith", "--met-on", "2026-02-30"), "not a real date")
    _refused(cli("favour", "Ana Lima", "a favour", "--on", "2026-02-30"), "not a real date")
    _refused(cli("contact", "set", "Ana Lima", "--met-on", "2026-13-01"), "not a real date")
    _refused(cli("log", "Ana Lima", "call", "--on", "2026-2-3"), "expected YYYY-MM-DD")
    assert _dump(db_path) == before

    assert cli("contact", "set", "Ana Lima", "--email", "ana.lima@work.example.org").returncode == 0
    assert _json(cli("contact", "show", str(ana), "--json"))["emails"] == ["ana@example.org",
                                                                        "ana.lima@work.example.org"]

    card = tmp_path / "cy.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Coe\r\nEMAIL:cy@localhost\r\nEMAIL:cy@example.org\r\n"
                    "END:VCARD\r\n", encoding="utf-8")
    result = cli("import", str(card), "--json")
    summary = _json(result)
    assert summary["created"] == 1
    assert any("'cy@localhost' is not an email address" in w for w in summary["warnings"])
    assert "warning: " in result.stderr and "cy@localhost" in result.stderr
    cy = _json(cli("contact", "show", "Cy Coe", "--json"))
    assert cy["emails"] == ["cy@example.org"] and "cy@localhost" in cy["notes"]
