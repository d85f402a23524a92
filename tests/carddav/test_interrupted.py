"""A first upload killed with SIGKILL, and one whose server stops, each resumed: every contact on the server
once, nothing doubled in netdesk, and a change the phone made meanwhile kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.carddav.conftest import Phone, add_account, contacts, sync
from tests.sync.servers import Radicale

COUNT = 80


def import_people(nd, tmp_path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i:03d}\r\nN:{i:03d};Person;;;\r\n"
                            f"EMAIL:p{i}@example.org\r\nEND:VCARD\r\n" for i in range(COUNT)), encoding="utf-8")
    done = nd("import", str(path))
    assert done.returncode == 0, done.stderr


def background_sync(db_path, sync_env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "netdesk", "--db", str(db_path), "sync", "--json"],
                            env={**os.environ, **sync_env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_cards(phone: Phone, at_least: int, process: subprocess.Popen, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = len(phone.hrefs())
        if count >= at_least or process.poll() is not None:
            return count
        time.sleep(0.05)
    raise AssertionError("the sync uploaded nothing")


def check_whole(nd, phone: Phone) -> None:
    cards = phone.cards()  # fails on a UID twice
    names = sorted(c.fn.value for c in cards.values())
    assert names == [f"Person {i:03d}" for i in range(COUNT)]
    local = contacts(nd)
    assert sorted(c["name"] for c in local) == names
    quiet = sync(nd)
    assert (quiet["pushed"], quiet["pulled"], quiet["pending"]) == (0, 0, 0), quiet


@pytest.mark.slow
def test_killed_mid_upload_resumes_without_doubles(nd, radicale, book_name, db_path, sync_env, tmp_path):
    phone = Phone(radicale.url, book_name)
    phone.make(book_name)
    import_people(nd, tmp_path)
    add_account(nd, radicale.url, book_name)
    process = background_sync(db_path, sync_env)
    uploaded = wait_for_cards(phone, 20, process)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert 0 < uploaded < COUNT, "killed too late to test anything"
    some = next(iter(phone.cards()))  # the phone edits a card that reached the server before the kill
    phone.edit(some, lambda c: c.add("title").__setattr__("value", "Edited on the phone"))
    resumed = sync(nd)
    assert resumed["errors"] == [], resumed
    check_whole(nd, phone)
    assert [c["title"] for c in contacts(nd)].count("Edited on the phone") == 1


@pytest.mark.slow
def test_server_stopped_mid_sync_keeps_everything_waiting(nd, book_name, db_path, sync_env, tmp_path):
    server = Radicale("stopping", tmp_path / "radicale")
    (tmp_path / "radicale").mkdir()
    server.start()
    try:
        phone = Phone(server.url, book_name)
        phone.make(book_name)
        import_people(nd, tmp_path)
        add_account(nd, server.url, book_name)
        process = background_sync(db_path, sync_env)
        wait_for_cards(phone, 20, process)
        server.stop()
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1, (out, err)
        assert b"error:" in err
        server.start()
        assert sync(nd)["errors"] == []
        check_whole(nd, phone)
    finally:
        server.stop()

