"""Privacy: the store and its backups are readable by their owner only, and netdesk talks to no one.

The network check runs a whole CLI session, `serve-ics` and the window's `--self-test` in subprocesses under
a Python audit hook on sockets (and, for what Qt does in C++, under strace when it is installed), and
accepts only loopback and Unix sockets.
"""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_netdesk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def usual_umask():
    """The usual umask: files would be 0644 unless netdesk says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_store_wal_and_every_kind_of_backup_are_private(tmp_path, today, usual_umask):
    from netdesk.services import backups

    db = tmp_path / "data" / "netdesk.sqlite3"
    assert run_netdesk("contact", "add", "Ada Lovelace", db=db).returncode == 0
    assert run_netdesk("backup", db=db).returncode == 0
    assert run_netdesk("backup", str(tmp_path / "mine.sqlite3"), db=db).returncode == 0
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    backups.auto_backup(db, now=now)
    restored = run_netdesk("restore", str(tmp_path / "mine.sqlite3"), db=db)
    assert restored.returncode == 0, restored.stderr
    db.write_bytes(b"wrecked" * 1000)
    (db.parent / "netdesk.sqlite3-wal").unlink(missing_ok=True)
    good = backups.newest_good_backup(db)
    backups.restore(db, good, now=now + dt.timedelta(hours=1))  # keeps the damaged file as damaged-*
    assert mode(db.parent) == 0o700
    assert mode(db) == 0o600
    folder = db.parent / "backups"
    assert mode(folder) == 0o700
    kinds = {p.name.split("-")[0] for p in folder.iterdir()}
    assert {"netdesk", "auto", "before", "damaged"} <= kinds
    assert run_netdesk("export", str(tmp_path / "backup.json"), db=db).returncode == 0  # the JSON backup
    for path in [*folder.iterdir(), tmp_path / "mine.sqlite3", tmp_path / "backup.json"]:
        assert mode(path) == 0o600, path
    # SQLite gives its -wal and -shm files the store's own mode.
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); "
                               "c.execute('PRAGMA journal_mode=wal'); c.execute('BEGIN IMMEDIATE'); "
                               "c.execute(\"INSERT INTO tag(name) VALUES ('x')\"); print('ok', flush=True); "
                               "time.sleep(30)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        for suffix in ("-wal", "-shm"):
            side = Path(f"{db}{suffix}")
            if side.exists():
                assert mode(side) == 0o600, side
    finally:
        holder.kill()
        holder.communicate()  # reaps it and closes its pipe


def _allowed(record: dict) -> bool:
    if record["event"] in ("socket.getaddrinfo", "socket.gethostbyname", "socket.getnameinfo",
                           "socket.gethostbyaddr"):
        host = record["address"].strip("'\"")
        return host in ("localhost", "127.0.0.1", "::1", "None", "")
    if record["family"] == socket.AF_UNIX:
        return True
    try:
        address = ast.literal_eval(record["address"])
    except (ValueError, SyntaxError):
        return False
    host = address[0] if isinstance(address, tuple) else address
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def audited(tmp_path: Path, out: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HERE / "audit_run.py"), str(out), "--", "--db",
                           str(tmp_path / "s.sqlite3"), *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, **kwargs)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []


def test_a_cli_session_makes_no_network_connection(tmp_path, corpus):
    out = tmp_path / "audit.jsonl"
    session = [
        ("contact", "add", "Ada Lovelace", "--email", "ada@example.org", "--tag", "pycon", "--every", "30"),
        ("favour", "ada@example.org", "Introduced me to Ana"),
        ("contact", "list", "--json"),
        ("reminders", "--json"),
        ("export-ics", str(tmp_path / "out.ics"), "--with-notes"),
        ("import", str(corpus / "vcard" / "ezvcard-fullcontact-v4.vcf")),
        ("import", str(corpus / "csv" / "tekjobs-linkedin-connections.csv")),
        ("export", str(tmp_path / "all.vcf")),
        ("export", str(tmp_path / "all.json")),
        ("backup",),
        ("check-letter", str(tmp_path / "out.ics")),
    ]
    for args in session:
        done = audited(tmp_path, out, *args)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
    bad = [r for r in records(out) if not _allowed(r)]
    assert bad == []


def test_the_calendar_feed_binds_and_answers_on_loopback_only(tmp_path):
    out = tmp_path / "audit.jsonl"
    assert run_netdesk("contact", "add", "Ada Lovelace", db=tmp_path / "s.sqlite3").returncode == 0
    server = subprocess.Popen([sys.executable, str(HERE / "audit_run.py"), str(out), "--", "--db",
                               str(tmp_path / "s.sqlite3"), "serve-ics", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://\S+", line)
        assert url, (line, server.stderr.read() if server.poll() is not None else "")
        assert url.group(0).startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url.group(0), timeout=20) as response:  # noqa: S310 - loopback
            assert b"BEGIN:VCALENDAR" in response.read()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()
        server.stderr.close()
    found = records(out)
    assert any(r["event"] == "socket.bind" for r in found)
    assert [r for r in found if not _allowed(r)] == []


def test_the_window_self_test_makes_no_network_connection(tmp_path):
    out = tmp_path / "audit.jsonl"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = audited(tmp_path, out, "--self-test", env=env)
    assert done.returncode == 0, done.stderr
    assert [r for r in records(out) if not _allowed(r)] == []


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_window_self_test_connects_nowhere_at_the_system_level(tmp_path):
    """Qt's C++ code is invisible to Python's audit hook; strace sees every connect() of every thread."""
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,bind", "-o", str(trace),
                           sys.executable, "-m", "netdesk", "--db", str(tmp_path / "s.sqlite3"), "--self-test"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
    if "ptrace" in done.stderr and done.returncode != 0:
        pytest.skip(f"strace cannot trace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    remote = [line for line in trace.read_text().splitlines()
              if "AF_INET" in line and "127.0.0.1" not in line and "::1" not in line]
    assert remote == []
