"""The new-contacts goal counts people met (issue 19 item 9), through the real CLI on a real store.

A contact counts on its met-on date, else on the day it was added by hand (`contact add`); importing an
old address book (59 cards without a met-on date) does not meet this month's goal, nor fill the chart.
"""

from __future__ import annotations

import datetime as dt
import json


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_imported_contacts_do_not_count_towards_the_goal(cli, tmp_path):
    today = dt.date.today()
    month = today.strftime("%Y-%m")
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Old Friend {n}\r\nEMAIL:old{n}@example.org\r\nEND:VCARD\r\n"
                    for n in range(59))
    (tmp_path / "old.vcf").write_text(cards, encoding="utf-8")
    (tmp_path / "met.vcf").write_text(  # an imported card that says when you met counts on that day
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Met Recently\r\nX-NETDESK-MET-ON:{today.isoformat()}\r\nEND:VCARD\r\n",
        encoding="utf-8")
    assert _json(cli("goals", "--json"))["new_contacts"] == 0

    assert _json(cli("import", str(tmp_path / "old.vcf"), "--json"))["created"] == 59
    assert _json(cli("goals", "--json"))["new_contacts"] == 0

    _json(cli("contact", "add", "Ana Lima", "--json"))  # added by hand today, no met-on date
    _json(cli("contact", "add", "Bob Smith", "--met-on", "2025-06-01", "--json"))  # met long ago
    progress = _json(cli("goals", "--month", month, "--json"))
    assert progress["month"] == month and progress["new_contacts"] == 1
    assert _json(cli("goals", "--month", "2025-06", "--json"))["new_contacts"] == 1
    assert _json(cli("import", str(tmp_path / "met.vcf"), "--json"))["created"] == 1
    assert _json(cli("goals", "--json"))["new_contacts"] == 2
