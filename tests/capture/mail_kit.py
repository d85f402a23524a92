"""Real mail for the capture tests, written with the standard library's `mailbox` module."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import mailbox
import sqlite3
from email.message import EmailMessage
from pathlib import Path

ME = "me@home.example"
TODAY = dt.date.today()  # the CLI dates captures by the real clock; the mail is dated around it


def rfc_date(days_ago: int, hour: int = 10) -> str:
    when = dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(hour), dt.UTC)
    return email.utils.format_datetime(when)


def message(sender: str, to: list[str] | str, *, days_ago: int = 1, subject: str = "Hello", cc=(),
            message_id: str | None = "auto", date: str | None = None, **headers) -> EmailMessage:
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to if isinstance(to, str) else ", ".join(to)
    if cc:
        m["Cc"] = ", ".join(cc)
    m["Date"] = date if date is not None else rfc_date(days_ago)
    m["Subject"] = subject
    if message_id == "auto":
        m["Message-ID"] = email.utils.make_msgid(domain="test.example")
    elif message_id:
        m["Message-ID"] = message_id
    for name, value in headers.items():
        m[name.replace("_", "-")] = value
    m.set_content("The body is never read.\n" * 3)
    return m


def write_mbox(path: Path, messages) -> Path:
    box = mailbox.mbox(str(path))
    box.lock()
    for m in messages:
        box.add(m)
    box.flush()
    box.unlock()
    box.close()
    return path


def write_maildir(path: Path, messages) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(path), create=True)
    for m in messages:
        box.add(m)
    box.close()
    return path


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def captured(result) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def add_contact(cli, name: str, *emails: str, every: int | None = None) -> int:
    args = ["contact", "add", name, "--json"]
    for e in emails:
        args += ["--email", e]
    if every:
        args += ["--every", str(every)]
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["id"]
