"""Local mail on disk: mbox files, Maildir folders, and where Thunderbird, Evolution and KMail keep them.

Read with the standard library's `mailbox`: an mbox's table of contents (`mailbox.mbox`'s own scan for
"From " lines) can start at an offset already read, since mail is only ever appended to an mbox; each
message's header block is read through `get_file(key)` up to the blank line, so bodies are never read.
"""

from __future__ import annotations

import configparser
import hashlib
import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netdesk.exchange.mail_headers import NotMail, read_header_block

MBOX = "mbox"
MAILDIR = "maildir"
_TAIL = 1024  # bytes before the offset read, whose digest tells a rewritten (compacted) mbox from a grown one


@dataclass(frozen=True, slots=True)
class Found:
    kind: str  # MBOX or MAILDIR
    path: Path


class _FromOffset:
    """The file as `mailbox.mbox._generate_toc` sees it: its rewind goes to `start`, not to 0."""

    def __init__(self, file, start: int):
        self._file = file
        self._start = start

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._file.seek(self._start if (pos, whence) == (0, 0) else pos, whence)

    def tell(self) -> int:
        return self._file.tell()

    def readline(self, size: int = -1) -> bytes:
        return self._file.readline(size)


class AppendedMbox(mailbox.mbox):
    """`mailbox.mbox` whose table of contents covers only the messages from byte `start` on."""

    def __init__(self, path: Path, start: int = 0):
        self._start = start
        super().__init__(str(path), factory=None, create=False)

    def _generate_toc(self) -> None:
        real = self._file
        self._file = _FromOffset(real, self._start)
        try:
            super()._generate_toc()
        finally:
            self._file = real

    @property
    def end(self) -> int:
        """Where this scan stopped: the next one starts here."""
        return self._file_length


def tail_digest(path: Path, offset: int) -> str:
    """A digest of the bytes just before `offset`: unchanged while the file only grows."""
    with open(path, "rb") as f:
        f.seek(max(0, offset - _TAIL))
        return hashlib.sha256(f.read(min(offset, _TAIL))).hexdigest()


def starts_message(path: Path, offset: int) -> bool:
    with open(path, "rb") as f:
        f.seek(offset)
        head = f.read(5)
    return head in (b"", b"From ")


def mbox_headers(path: Path, start: int = 0) -> tuple[Iterator[tuple[int, bytes]], AppendedMbox]:
    """Each message's (offset, header block) from `start` on; the box's `end` is where the scan stopped."""
    box = AppendedMbox(path, start)  # no lock is taken: netdesk only reads and must not block the mail app

    def blocks() -> Iterator[tuple[int, bytes]]:
        try:
            for key in box.iterkeys():
                offset = box._toc[key][0]
                try:
                    yield offset, read_header_block(box.get_file(key))
                except NotMail as e:
                    raise NotMail(f"{e} at byte {offset}") from None
        finally:
            box.close()

    if not starts_message(path, start):
        box.close()
        raise NotMail("not an mbox file (it does not begin with a \"From \" line)")
    return blocks(), box


def maildir_headers(path: Path, seen: set[str]) -> Iterator[tuple[str, bytes]]:
    """(unique name, header block) of each message not in `seen`, in name order (delivery order)."""
    for sub in ("cur", "new"):
        if not (path / sub).is_dir():
            raise NotMail(f"not a Maildir folder (no {sub}/ inside)")
    box = mailbox.Maildir(str(path), factory=None, create=False)
    for name in sorted(set(box.keys()) - seen):
        file = box.get_file(name)
        try:
            block = read_header_block(file)
        except NotMail as e:
            raise NotMail(f"{e} (message {name})") from None
        finally:
            file.close()
        yield name, block


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _raise(error: OSError) -> None:
    raise error


def _walk(root: Path) -> list[Found]:
    """Maildirs (a folder with cur/ and new/) and Thunderbird mboxes (a file beside its .msf index)."""
    found: list[Found] = []
    for folder, dirs, files in os.walk(root, onerror=_raise):
        here = Path(folder)
        if _is_maildir(here):
            found.append(Found(MAILDIR, here))
            dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]
        names = set(files)
        found.extend(Found(MBOX, here / n) for n in sorted(names) if f"{n}.msf" in names)
        dirs.sort()
    return found


def thunderbird_profiles(root: Path) -> list[Path]:
    """The profile folders listed in `root`/profiles.ini (relative or absolute paths)."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(root / "profiles.ini", encoding="utf-8")
    profiles = []
    for section in ini.sections():
        if not section.startswith("Profile") or "path" not in ini[section]:
            continue
        relative = ini[section].get("isrelative", "1").strip() == "1"
        path = root / ini[section]["path"] if relative else Path(ini[section]["path"])
        if path.is_dir():
            profiles.append(path)
    return profiles


def _profile(path: Path) -> list[Found]:
    return [f for sub in ("Mail", "ImapMail") if (path / sub).is_dir() for f in _walk(path / sub)]


def sources_in(path: Path) -> list[Found]:
    """What one PATH of `capture mail` holds. An empty list: nothing there is mail."""
    if path.is_file():
        return [Found(MBOX, path)]
    if not path.is_dir():
        raise FileNotFoundError(2, "no such file or folder", str(path))
    os.listdir(path)  # an unreadable folder fails here, not silently in a walk
    if (path / "profiles.ini").is_file():
        return [f for profile in thunderbird_profiles(path) for f in _profile(profile)]
    if (path / "Mail").is_dir() or (path / "ImapMail").is_dir():
        return _profile(path)
    return _walk(path)


def found_on_this_computer(home: Path) -> list[Found]:
    """Thunderbird's profiles (also as a snap or a flatpak), Evolution's and KMail's local Maildirs."""
    found: list[Found] = []
    for root in (".thunderbird", "snap/thunderbird/common/.thunderbird", ".var/app/org.mozilla.Thunderbird/.thunderbird"):
        if (home / root / "profiles.ini").is_file():
            found.extend(sources_in(home / root))
    for root in (".local/share/evolution/mail/local", ".local/share/local-mail", ".kde/share/apps/kmail/mail"):
        if (home / root).is_dir():
            found.extend(_walk(home / root))
    return found
