"""The window's capture service (services/capture_sources), in process on a real store and real mail:
progress moves inside a large mbox and across files, one source that cannot be read is named while the
others are logged, and remembered sources are checked when added."""

from __future__ import annotations

import datetime as dt
import email.utils

import pytest

from netdesk.errors import UserFacingError
from netdesk.services import capture_run, capture_sources, contacts
from netdesk.services.capture_sources import Source
from tests.capture.mail_kit import message, write_maildir, write_mbox
from tests.conftest import TODAY

ME = "me@home.example"
NOW = dt.datetime.combine(TODAY, dt.time(12), dt.UTC)


def dated(days_ago: int) -> str:
    return email.utils.format_datetime(dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(8), dt.UTC))


@pytest.fixture
def ana(store):
    capture_run.save_settings(me=[ME])
    return contacts.add_contact("Ana Lima", emails=["ana@example.org"], today=TODAY).id


def test_progress_moves_inside_a_large_mbox_and_across_files(tmp_path, ana):
    big = write_mbox(tmp_path / "big.mbox", [message(ME, f"p{i}@crowd.example", date=dated(1 + i % 60))
                                             for i in range(2_000)] + [message(ME, "ana@example.org", date=dated(2))])
    small = write_maildir(tmp_path / "Maildir", [message("ana@example.org", ME, date=dated(1))])
    seen: list[tuple[int, int]] = []
    report = capture_sources.run_all(today=TODAY, tz=dt.UTC, now=NOW, progress=lambda d, t: seen.append((d, t)),
                                     chosen=[Source("mail", str(big)), Source("mail", str(small))])
    assert report.logged == 2 and not report.failed
    assert {t for _, t in seen} == {2000}
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[0] == 0 and done[-1] == 2000
    assert len([d for d in done if 0 < d < 1000]) >= 3  # inside the big mbox, not only after it
    assert report.summary() == "Captured 2 interactions from 2,002 messages"


def test_a_source_that_cannot_be_read_is_named_and_the_others_are_logged(tmp_path, ana):
    good = write_mbox(tmp_path / "good.mbox", [message(ME, "ana@example.org", date=dated(3))])
    bad = tmp_path / "bad.mbox"
    bad.write_bytes(b"\x00\x01 junk, not mail\n")
    report = capture_sources.run_all(today=TODAY, tz=dt.UTC, now=NOW,
                                     chosen=[Source("mail", str(bad)), Source("mail", str(good))])
    assert report.logged == 1
    (failed,) = report.failed
    assert failed.source.location == str(bad) and "nothing was logged" in failed.error
    assert capture_sources.last_errors() == {failed.source.key: failed.error}
    assert report.details().splitlines()[1] == f"Mail: {bad}: {failed.error}"


def test_sources_are_checked_when_added(tmp_path, store):
    with pytest.raises(UserFacingError, match="no such file or folder"):
        capture_sources.add_source(Source("mail", str(tmp_path / "missing")))
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserFacingError, match="no mbox file, Maildir folder or Thunderbird profile"):
        capture_sources.add_source(Source("mail", str(tmp_path / "empty")))
    with pytest.raises(UserFacingError, match="a calendar to capture is an .ics file"):
        capture_sources.add_source(Source("calendar", str(tmp_path / "empty")))
    with pytest.raises(UserFacingError, match="no account"):
        capture_sources.add_source(Source("account", "nobody"))
    with pytest.raises(UserFacingError, match="needs a server and a user name"):
        capture_sources.add_source(Source("imap", "imap.example.org"))
    change = capture_sources.add_source(Source("imap", " imap.example.org ", " me ", 993, "ssl", ("INBOX", " ")))
    assert change.settings == {capture_sources.SOURCES}
    (kept,) = capture_sources.sources()
    assert (kept.location, kept.user, kept.port, kept.folders) == ("imap.example.org", "me", 993, ("INBOX",))
    assert capture_sources.remove_source(kept.key).settings == {capture_sources.SOURCES}
    assert capture_sources.sources() == [] and not capture_sources.remove_source(kept.key)
