"""A source that cannot be read refuses the whole run: `error: ...`, exit 1, the store byte for byte the same."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest

from tests.capture.mail_kit import ME, add_contact, captured, dump, message, write_maildir, write_mbox


@pytest.fixture
def good(cli, tmp_path):
    add_contact(cli, "Ana Lima", "ana@example.org", every=30)
    return write_mbox(tmp_path / "good.mbox", [message(ME, "ana@example.org", days_ago=2)])


def refused(cli, db_path, *paths, words: str):
    before = dump(db_path)
    result = cli("capture", "mail", *map(str, paths), "--me", ME, "--json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and words in result.stderr, result.stderr
    assert result.stdout == ""
    assert dump(db_path) == before
    return result


def test_junk_bytes(cli, db_path, good, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096).replace(b"From ", b"xxxxx"))
    refused(cli, db_path, good, junk, words="not an mbox")
    # the good file alone is still unread, so a later run logs it
    assert captured(cli("capture", "mail", str(good), "--me", ME, "--json"))["logged"] == 1


def test_an_mbox_cut_off_inside_the_headers(cli, db_path, good, tmp_path):
    whole = write_mbox(tmp_path / "cut", [message(ME, "ana@example.org", days_ago=4),
                                          message(ME, "ana@example.org", days_ago=3)]).read_bytes()
    cut = tmp_path / "cut"
    cut.write_bytes(whole[: whole.rindex(b"Subject:")])
    refused(cli, db_path, good, cut, words="cut off inside its headers")


def test_an_mbox_that_was_cut_off_after_a_first_run_is_refused_and_then_resumes(cli, db_path, good, tmp_path):
    assert captured(cli("capture", "mail", str(good), "--me", ME, "--json"))["logged"] == 1
    with open(good, "ab") as f:
        f.write(b"From someone Mon Jan  5 10:00:00 2026\nFrom: ana@example.org\nTo: me@home.example\nSubj")
    refused(cli, db_path, good, words="cut off")
    with open(good, "ab") as f:
        f.write(b"ect: finished\nDate: Mon, 05 Jan 2026 10:00:00 +0000\nMessage-ID: <fin@x>\n\nbody\n")
    resumed = captured(cli("capture", "mail", str(good), "--me", ME, "--json"))
    assert (resumed["messages"], resumed["logged"]) == (1, 1)


def test_a_junk_file_in_a_maildir(cli, db_path, good, tmp_path):
    maildir = write_maildir(tmp_path / "Maildir", [message("ana@example.org", ME)])
    (maildir / "cur" / "1700000000.junk.host:2,S").write_bytes(b"\x00\x01\x02 no headers here\n")
    refused(cli, db_path, good, maildir, words="1700000000.junk.host")


def test_missing_paths_and_folders_without_mail(cli, db_path, good, tmp_path):
    refused(cli, db_path, good, tmp_path / "nowhere", words="no such file")
    (tmp_path / "empty").mkdir()
    refused(cli, db_path, good, tmp_path / "empty", words="no mbox file, Maildir folder or Thunderbird profile")
    broken = tmp_path / "broken"
    (broken / "cur").mkdir(parents=True)
    (broken / "new").write_text("a file where a folder should be")
    refused(cli, db_path, broken, words="no mbox file, Maildir")


def test_an_unreadable_folder(cli, db_path, good, tmp_path):
    """Root reads whatever the permissions say, so as root the CLI runs without the capabilities that allow it."""
    maildir = write_maildir(tmp_path / "Maildir", [message("ana@example.org", ME)])
    (maildir / "cur").chmod(0)
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be made to count")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    try:
        before = dump(db_path)
        result = subprocess.run([*prefix, sys.executable, "-m", "netdesk", "--db", str(db_path), "capture", "mail",
                                 str(good), str(maildir), "--me", ME, "--json"], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("error: cannot read") and "Permission denied" in result.stderr
        assert dump(db_path) == before
    finally:
        (maildir / "cur").chmod(stat.S_IRWXU)
