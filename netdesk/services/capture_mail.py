"""`capture mail`: interactions from local mbox files, Maildir folders and mail apps' profiles.

Only what was added since the last run is read: an mbox from the offset its last scan ended at (unless it
shrank or was rewritten, as compaction does), a Maildir's files not read before.
"""

from __future__ import annotations

import datetime as dt
import mailbox
from collections.abc import Callable, Sequence
from pathlib import Path

from netdesk.domain.capture import SourceState, Tally
from netdesk.exchange import mail_files
from netdesk.exchange.mail_headers import NotMail, parse
from netdesk.services import capture_run
from netdesk.services.capture_run import Captured, CaptureError, Run
from netdesk.store import capture as store

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500  # messages between two progress reports

NO_ME = ("none of your own addresses is known (--me, or My addresses in Preferences › Capture): sent and "
         "received mail are not told apart and nobody is suggested")


def _resume_at(path: Path, prior: SourceState | None, since: dt.date | None, size: int) -> int:
    """Where to start reading an mbox: the end of the last scan while the file only grew, else 0."""
    if prior is None or not prior.covers(since) or size < prior.scanned_to:
        return 0
    if prior.scanned_to and (mail_files.tail_digest(path, prior.scanned_to) != prior.tail_digest
                             or not mail_files.starts_message(path, prior.scanned_to)):
        return 0
    return prior.scanned_to


def _read_mbox(path: Path, run: Run, since: dt.date | None, progress: Progress | None = None) -> None:
    location = str(path)
    prior = store.source(location)
    stat = path.stat()
    if prior is not None and prior.covers(since) and (prior.size, prior.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return
    start = _resume_at(path, prior, since, stat.st_size)
    blocks, box = mail_files.mbox_headers(path, start)
    span = max(stat.st_size - start, 1)
    for n, (offset, block) in enumerate(blocks):
        run.tally.add_mail(parse(block))
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(offset - start, span)  # bytes of this mbox read so far
    end = box.end
    kept_since = prior.since if start and prior is not None else since
    run.states.append((SourceState(mail_files.MBOX, location, size=end, mtime_ns=stat.st_mtime_ns, scanned_to=end,
                                   tail_digest=mail_files.tail_digest(path, end), since=kept_since), []))


def _read_maildir(path: Path, run: Run, since: dt.date | None) -> None:
    location = str(path)
    prior = store.source(location)
    again = prior is None or not prior.covers(since)
    seen = set() if again or prior is None else store.items(prior.id)
    names = []
    for name, block in mail_files.maildir_headers(path, seen):
        try:
            run.tally.add_mail(parse(block))
        except NotMail as e:
            raise NotMail(f"{e} (message {name})") from None
        names.append(name)
    if again:
        run.resets.append(location)
    kept_since = since if again or prior is None else prior.since
    run.states.append((SourceState(mail_files.MAILDIR, location, since=kept_since), names))


def _sources(paths: Sequence[str | Path], home: Path | None) -> list[mail_files.Found]:
    if not paths:
        found = mail_files.found_on_this_computer(home or Path.home())
        if not found:
            raise CaptureError("no mail found on this computer (Thunderbird, Evolution, KMail): name an mbox file, "
                               "a Maildir folder or a profile folder")
        return found
    found = []
    for given in paths:
        path = Path(given).expanduser().absolute()
        try:
            inside = mail_files.sources_in(path)
        except OSError as e:
            raise CaptureError(f"cannot read {given}: {e.strerror or e}") from None
        if not inside:
            raise CaptureError(f"{given}: no mbox file, Maildir folder or Thunderbird profile there")
        found.extend(inside)
    return found


def read(paths: Sequence[str | Path], run: Run, *, since: dt.date | None = None, home: Path | None = None,
         progress: Progress | None = None) -> None:
    """Fill `run` from every source under `paths` (or found on this computer); any failure refuses the run.
    `progress(done, total)`: how far into a large mbox (bytes), for the window's progress bar."""
    seen: set[str] = set()
    for found in _sources(paths, home):
        if str(found.path) in seen:
            continue
        seen.add(str(found.path))
        try:
            if found.kind == mail_files.MBOX:
                _read_mbox(found.path, run, since, progress)
            else:
                _read_maildir(found.path, run, since)
        except NotMail as e:
            raise CaptureError(f"{found.path}: {e}; nothing was logged") from None
        except (OSError, mailbox.Error) as e:
            reason = getattr(e, "strerror", None) or str(e) or type(e).__name__
            raise CaptureError(f"cannot read {found.path}: {reason}; nothing was logged") from None


def capture_mail(paths: Sequence[str | Path], *, today: dt.date, tz: dt.tzinfo, me: Sequence[str] = (),
                 since: dt.date | None = None, dry_run: bool = False, home: Path | None = None,
                 progress: Progress | None = None) -> Captured:
    rules = capture_run.rules(today=today, tz=tz, me=me, since=since)
    run = Run("messages", "mail", Tally(rules))
    if not rules.me:
        run.warnings.append(NO_ME)
    read(paths, run, since=since, home=home, progress=progress)
    return capture_run.apply(run, today=today, dry_run=dry_run)
