"""The subscription feed: the calendar over HTTP on 127.0.0.1, at /<secret token>/netdesk.ics.

Built on the standard library's http.server, hardened because any local process (or a web page
using DNS rebinding) can reach a loopback port:
- the request head is read with a byte budget and an overall deadline before http.server parses it,
  so oversized heads get 414/431 and a slow client gets 408 instead of holding a worker forever;
- requests run on a bounded pool of worker threads; connections beyond it wait in the listen queue;
- only an exact `/<token>/netdesk.ics` answers (token compared with hmac.compare_digest); anything
  else is a 404, `../` included, since nothing maps to the file system;
- only GET and HEAD; a request body is refused (413).
Each request is answered from the store as it is now: the store's version (one PRAGMA on the render
thread's connection, which moves on every commit of any other connection or process) says whether
anything was committed since the last render, and only then is the calendar rendered again (through
the component cache). So a request
answered 304, or a repeat GET, costs no render at all. Requests that arrive while a render runs wait and
share the next one, so a burst costs one render, never a stale one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hmac
import io
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer

from netdesk.errors import UserFacingError
from netdesk.services import calendar
from netdesk.store import calendar_reads
from netdesk.store.db import data_version

HOST = "127.0.0.1"  # never anything else: the feed is for calendar apps on this machine
MAX_REQUEST_LINE = 8 * 1024
MAX_HEAD = 16 * 1024
HEAD_DEADLINE = 10.0  # seconds for the whole request head to arrive
WORKERS = 32
FILENAME = "netdesk.ics"


class _Refused(Exception):
    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer
    server_version = "netdesk-feed"

    def version_string(self) -> str:
        """Overrides BaseHTTPRequestHandler.version_string: no Python version in the Server header."""
        return self.server_version
    protocol_version = "HTTP/1.0"  # one request per connection: nothing for a client to keep open

    def setup(self) -> None:
        """Overrides StreamRequestHandler.setup: the head is read here, with limits, not by http.server."""
        super().setup()
        self._refusal: HTTPStatus | None = None
        try:
            head = self._read_head()
        except _Refused as refused:
            self._refusal, head = refused.status, b""
        self.rfile = io.BytesIO(head)

    def _read_head(self) -> bytes:
        buffer = bytearray()
        deadline = time.monotonic() + self.server.head_deadline
        while b"\r\n\r\n" not in buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Refused(HTTPStatus.REQUEST_TIMEOUT)
            self.connection.settimeout(remaining)
            try:
                chunk = self.connection.recv(4096)
            except TimeoutError:
                raise _Refused(HTTPStatus.REQUEST_TIMEOUT) from None
            except OSError:
                return bytes(buffer)
            if not chunk:
                return bytes(buffer)
            buffer += chunk
            if b"\r\n" not in buffer[:MAX_REQUEST_LINE]:
                if len(buffer) > MAX_REQUEST_LINE:
                    raise _Refused(HTTPStatus.REQUEST_URI_TOO_LONG)
            elif len(buffer) > MAX_HEAD:
                raise _Refused(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
        self.connection.settimeout(self.server.head_deadline)  # for writing the answer
        return bytes(buffer[: buffer.index(b"\r\n\r\n") + 4])

    def handle(self) -> None:
        """Overrides BaseHTTPRequestHandler.handle: answer a refused head, else parse as usual."""
        if self._refusal is not None:
            self.request_version, self.command, self.requestline = "HTTP/1.0", "", ""
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.send_error(self._refusal)
                self.wfile.flush()
                self._linger()
            return
        with contextlib.suppress(OSError):
            self.handle_one_request()

    def _linger(self) -> None:
        """Read and drop what the client is still sending, briefly, so closing with unread data does
        not reset the connection and destroy the answer before the client has read it."""
        self.connection.shutdown(socket.SHUT_WR)
        self.connection.settimeout(0.5)
        deadline, budget = time.monotonic() + 1.0, 1 << 20
        while budget > 0 and time.monotonic() < deadline:
            chunk = self.connection.recv(65536)
            if not chunk:
                break
            budget -= len(chunk)

    def log_message(self, format: str, *args) -> None:
        """Overrides BaseHTTPRequestHandler.log_message: request lines carry the secret token."""

    def _token_matches(self) -> bool:
        # The target exactly as sent: http.server tidies `self.path` (it collapses a leading "//").
        words = self.requestline.split()
        path = (words[1] if len(words) >= 2 else "").split("?", 1)[0]
        parts = path.split("/")
        shaped = len(parts) == 3 and parts[0] == "" and parts[2] == FILENAME
        given = parts[1] if shaped else ""
        # Always compare, so the time taken does not tell a wrong shape from a wrong token.
        same = hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.server.token.encode())
        return shaped and same

    def _answer(self, with_body: bool) -> None:
        if self.headers.get("Content-Length", "0").strip() not in ("", "0") or "Transfer-Encoding" in self.headers:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "a feed request has no body")
            return
        if not self._token_matches():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        try:
            rendered = self.server.rendered()
        except Exception as exc:  # the store is locked, gone, corrupt: say so, stay up
            self.server.note_error(exc)
            self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, "the store cannot be read right now")
            return
        etag = f'"{rendered.etag}"'
        if self._not_modified(etag):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(etag, rendered.last_modified)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(rendered.data)))
        self.send_header("Content-Disposition", f'inline; filename="{FILENAME}"')
        self.send_header("X-Content-Type-Options", "nosniff")
        self._validators(etag, rendered.last_modified)
        self.end_headers()
        if with_body:
            self.wfile.write(rendered.data)

    def _validators(self, etag: str, last_modified: dt.datetime | None) -> None:
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "no-cache")
        if last_modified is not None:
            self.send_header("Last-Modified", format_datetime(last_modified, usegmt=True))

    def _not_modified(self, etag: str) -> bool:
        """Only the ETag decides. If-Modified-Since is ignored (RFC 9110 allows it): a contact's rename
        changes the calendar without moving any revision time, so a date could wrongly say "unchanged"."""
        match = self.headers.get("If-None-Match")
        if match is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or etag in tags

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed
    do_PROPFIND = do_REPORT = do_MKCALENDAR = _not_allowed


class StoreRenderer:
    """Renders from the store on one thread of its own, whose connection stays open between renders.

    A connection per request would start with an empty page cache and read every page of the calendar
    again (about half as long again as a render on a warm connection). Renders are one at a time anyway
    (FeedServer.rendered holds a lock), so one thread serves them all. The same connection tells the
    store's version: its `data_version` moves on every other connection's commit, never on its own
    writes, so the component cache that a render writes does not make the next request render again.
    """

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netdesk-feed-render")

    def render(self) -> calendar.Rendered:
        return self._thread.submit(self._render_here).result()

    def version(self) -> int | None:
        return self._thread.submit(self._version_here).result()

    @staticmethod
    def _render_here() -> calendar.Rendered:
        calendar_reads.keep_connection()
        return calendar.render(calendar.load_settings().options, today=dt.date.today())

    @staticmethod
    def _version_here() -> int | None:
        calendar_reads.keep_connection()
        return data_version()

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):  # already shut down
            self._thread.submit(calendar_reads.close_connection).result()
        self._thread.shutdown(wait=False)


class FeedServer(HTTPServer):
    """The HTTP server. `rendered()` gives the calendar, rendered at or after the call began."""

    request_queue_size = 1024  # a burst of subscribers waits in the listen queue instead of being reset
    allow_reuse_address = True  # TIME_WAIT only: on Linux a port with a live listener still refuses

    def __init__(self, port: int, token: str, source: StoreRenderer, *,
                 head_deadline: float = HEAD_DEADLINE, workers: int = WORKERS) -> None:
        """`source` renders the calendar and tells the store's version; while the version stays the same,
        the last render is still the calendar, so requests reuse it. The server closes `source`."""
        self.token = token
        self.head_deadline = head_deadline
        self._source = source
        self._render: Callable[[], calendar.Rendered] = source.render
        self._render_lock = threading.Lock()
        self._last: tuple[float, int | None, calendar.Rendered] | None = None
        self.renders = 0  # how many times the calendar was rendered (tests and the bench read it)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="netdesk-feed")
        self.errors: list[str] = []
        super().__init__((HOST, port), FeedHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return calendar.feed_urls(self.port, self.token)[0]

    @property
    def webcal_url(self) -> str:
        return calendar.feed_urls(self.port, self.token)[1]

    def rendered(self) -> calendar.Rendered:
        arrived = time.monotonic()
        with self._render_lock:
            # Read before rendering: a commit that lands during the render moves the version past this
            # one, so the next request renders again rather than trusting a render that may predate it.
            version = self._source.version()
            if self._last is not None:
                started, seen, result = self._last
                if started >= arrived:
                    return result  # this render began after we arrived: it is fresh for us
                if version is not None and version == seen:
                    return result  # nothing was committed since that render began
            started = time.monotonic()
            result = self._render()
            self.renders += 1
            self._last = (started, version, result)
            return result

    def warm_up(self) -> None:
        """Render once in the background, so the first subscriber does not pay for a cold cache."""

        def work() -> None:
            try:
                self.rendered()
            except Exception as exc:  # the first request will report it again, to its client
                self.note_error(exc)

        threading.Thread(target=work, name="netdesk-feed-warm-up", daemon=True).start()

    def note_error(self, exc: BaseException) -> None:
        self.errors.append(f"{type(exc).__name__}: {exc}")
        print(f"warning: a feed request failed: {exc}", file=sys.stderr, flush=True)

    def process_request(self, request, client_address) -> None:
        """Overrides BaseServer.process_request: hand the connection to the bounded pool."""
        try:
            self._pool.submit(self._work, request, client_address)
        except RuntimeError:  # the pool is shut down: we are closing
            self.shutdown_request(request)

    def _work(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception as exc:
            self.note_error(exc)
        finally:
            self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._source.close()


def start(port: int, *, head_deadline: float = HEAD_DEADLINE) -> FeedServer:
    """Bind the feed on 127.0.0.1:`port` (0: any free port) with the stored token. The store must be open."""
    token = calendar.feed_token()
    renderer = StoreRenderer()
    try:
        server = FeedServer(port, token, renderer, head_deadline=head_deadline)
    except OSError as exc:
        renderer.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserFacingError(
                f"port {port} on {HOST} is already in use; stop the other program or choose another "
                "port (--port N, or --port 0 for any free port)") from None
        if exc.errno == errno.EACCES:
            raise UserFacingError(f"not allowed to listen on port {port}; use a port above 1023") from None
        raise UserFacingError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    server.warm_up()
    return server

