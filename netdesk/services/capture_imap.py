"""`capture imap`: interactions from an IMAP account, read-only and headers only, through `imapclient`.

Each folder is opened with EXAMINE (`select_folder(readonly=True)`), so nothing on the server changes, not
even the \\Seen flag: headers are fetched with BODY.PEEK. A folder's UIDVALIDITY and the last UID read are
kept; when the folder's UIDNEXT says nothing arrived, the folder costs that one EXAMINE. The password comes
from --password-stdin or the keyring (the DAV accounts' service, entry `imap:USER@HOST`), and is kept in
the keyring after a login that works.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import keyring
from imapclient import IMAPClient
from imapclient import exceptions as imap_errors
from keyring.errors import KeyringError

from netdesk.domain.capture import SourceState, Tally, email_key
from netdesk.exchange.mail_headers import FIELDS, NotMail, parse
from netdesk.services import capture_run
from netdesk.services.capture_run import Captured, CaptureError, Run
from netdesk.services.sync.connection import is_loopback
from netdesk.services.sync.keys import SERVICE
from netdesk.store import capture as store

TIMEOUT = 30  # seconds per network operation
BATCH = 500  # UIDs per FETCH
FETCH = f"BODY.PEEK[HEADER.FIELDS ({' '.join(FIELDS)})]".encode()
_SKIPPED_FOLDERS = (b"\\Noselect", b"\\NonExistent", b"\\Junk", b"\\Trash")
_PORTS = {"ssl": 993, "starttls": 143, "none": 143}


@dataclass(frozen=True)
class Server:
    host: str
    port: int | None
    user: str
    security: str = "ssl"  # ssl, starttls, or none (loopback only)
    ca_cert: str = ""

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or _PORTS[self.security]}"

    def location(self, folder: str) -> str:
        return f"imap://{self.user}@{self.address}/{folder}"

    @property
    def key(self) -> str:
        return f"imap:{self.user}@{self.host}"


def _check(server: Server) -> None:
    if server.security not in _PORTS:
        raise CaptureError(f"--security is ssl, starttls or none, not {server.security!r}")
    if server.security == "none" and not is_loopback(server.host):
        raise CaptureError(f"{server.host}: an unencrypted connection is only allowed to this computer "
                           "(127.0.0.1, ::1); use --security ssl or starttls")


def _password(server: Server, given: str | None) -> str:
    if given:
        return given
    with contextlib.suppress(KeyringError, RuntimeError, OSError):
        stored = keyring.get_password(SERVICE, server.key)
        if stored:
            return stored
    raise CaptureError(f"no password for {server.user} at {server.host} in the keyring: pass it with --password-stdin")


def _remember(server: Server, password: str, run: Run) -> None:
    try:
        keyring.set_password(SERVICE, server.key, password)
    except (KeyringError, RuntimeError, OSError) as e:
        run.warnings.append(f"the password was not kept (no system keyring works here: {e or type(e).__name__}); "
                            "pass it to every capture with --password-stdin")


@contextlib.contextmanager
def _explained(server: Server) -> Iterator[None]:
    """What the network and the server say, as one `error:` line; nothing is logged when it fails."""
    where = server.address
    try:
        yield
    except imap_errors.LoginError as e:
        raise CaptureError(f"{where} refused the login for {server.user!r}: {_short(e)}") from None
    except ssl.SSLError as e:
        raise CaptureError(f"certificate problem with {where}: {_short(e)} (a self-signed server needs --ca-cert FILE)")\
            from None
    except TimeoutError:
        raise CaptureError(f"{where} did not answer in {TIMEOUT} s; nothing was logged") from None
    except (imap_errors.IMAPClientError, IMAPClient.Error, IMAPClient.AbortError, OSError, EOFError) as e:
        raise CaptureError(f"{where}: {_short(e)}; nothing was logged, the next run starts where the last one "
                           "ended") from None


def _short(e: BaseException) -> str:
    text = " ".join((e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes)
                     else str(e)).split())
    return text[:200] if text else type(e).__name__


def _connect(server: Server, password: str) -> IMAPClient:
    context = ssl.create_default_context(cafile=server.ca_cert or None)
    port = server.port or _PORTS[server.security]
    client = IMAPClient(server.host, port, ssl=server.security == "ssl", ssl_context=context, timeout=TIMEOUT)
    try:
        if server.security == "starttls":
            client.starttls(context)
        client.login(server.user, password)
    except BaseException:
        with contextlib.suppress(Exception):
            client.shutdown()  # a refused login leaves no socket open
        raise
    return client


def _folders(client: IMAPClient, wanted: Sequence[str]) -> list[str]:
    if wanted:
        return list(wanted)
    return [name for flags, _, name in client.list_folders() if not set(flags) & set(_SKIPPED_FOLDERS)]


def _header_block(data: dict) -> bytes:
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(b"BODY[HEADER.FIELDS"):
            return value or b""
    return b""


def _read_folder(client: IMAPClient, server: Server, folder: str, run: Run, since: dt.date | None) -> None:
    info = client.select_folder(folder, readonly=True)
    validity = int(info[b"UIDVALIDITY"])
    location = server.location(folder)
    prior = store.source(location)
    resume = prior is not None and prior.uidvalidity == validity and prior.covers(since)
    last = prior.scanned_to if resume and prior is not None else 0
    uidnext = int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None
    if resume and uidnext is not None and uidnext <= last + 1:
        return  # nothing arrived: this folder cost its EXAMINE only
    criteria: list = ["UID", f"{last + 1}:*"]
    if since is not None:
        criteria += ["SINCE", since]
    uids = sorted(u for u in client.search(criteria) if u > last)
    for start in range(0, len(uids), BATCH):
        fetched = client.fetch(uids[start:start + BATCH], [FETCH])
        for uid in sorted(fetched):
            try:
                run.tally.add_mail(parse(_header_block(fetched[uid])))
            except NotMail:
                run.tally.items += 1
                run.tally.skipped["no_headers"] += 1
    top = max([last, *uids, (uidnext - 1) if uidnext else 0])
    kept_since = prior.since if resume and prior is not None else since
    run.states.append((SourceState("imap", location, scanned_to=top, uidvalidity=validity, since=kept_since), []))


def check_security(server: Server) -> None:
    """Refuse an unknown security or plain IMAP to another computer (CaptureError), before any connection."""
    _check(server)


def check_login(server: Server, password: str | None) -> list[str]:
    """Preferences › Capture's Test: log in, list the folders capture would read, log out; the password is
    kept in the keyring when the login works. Raises CaptureError in the same words as a capture."""
    _check(server)
    secret = _password(server, password)
    with _explained(server):
        client = _connect(server, secret)
        try:
            folders = _folders(client, ())
        finally:
            with contextlib.suppress(Exception):
                client.logout()
    if password:
        try:
            keyring.set_password(SERVICE, server.key, password)
        except (KeyringError, RuntimeError, OSError) as e:
            raise CaptureError(f"the login works, but no system keyring works here to keep the password "
                               f"({e or type(e).__name__}), so it cannot be captured on its own") from None
    return folders


def capture_imap(server: Server, *, password: str | None, folders: Sequence[str] = (), today: dt.date,
                 tz: dt.tzinfo, me: Sequence[str] = (), since: dt.date | None = None,
                 dry_run: bool = False) -> Captured:
    _check(server)
    secret = _password(server, password)
    rules = capture_run.rules(today=today, tz=tz, me=me, since=since)
    if "@" in server.user:  # the login is one of the user's own addresses
        rules = replace(rules, me=rules.me | {email_key(server.user)})
    run = Run("messages", "mail", Tally(rules))
    with _explained(server):
        client = _connect(server, secret)
        try:
            for folder in _folders(client, folders):
                _read_folder(client, server, folder, run, since)
        finally:
            with contextlib.suppress(Exception):
                client.logout()
    if password and not dry_run:
        _remember(server, password, run)
    return capture_run.apply(run, today=today, dry_run=dry_run)
