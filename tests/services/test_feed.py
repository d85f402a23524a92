"""The feed server answers calendar apps correctly and survives hostile or careless clients (issues 5 and 9)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import socket
import sqlite3
import threading

import icalendar
import pytest

from netdesk.domain.kinds import ReminderKind
from netdesk.services import calendar, feed
from netdesk.store.models import Contact, Reminder
from tests.exchange import ics_data


@pytest.fixture
def server(store, today):
    ics_data.populate(today)
    srv = feed.start(0, head_deadline=30.0)  # generous: a loaded machine must not turn the burst into 408s
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=10)


def _path(srv) -> str:
    return f"/{srv.token}/netdesk.ics"


def request(srv, method: str = "GET", path: str | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, path if path is not None else _path(srv), headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def raw(srv, data: bytes) -> bytes:
    """Send bytes as they are (no client-side path normalisation) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=30) as sock:
        with contextlib.suppress(OSError):  # the server may answer and close before we finish sending
            sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_get_serves_the_calendar_with_validators(server):
    status, headers, body = request(server)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["ETag"].startswith('"') and "Last-Modified" in headers
    assert int(headers["Content-Length"]) == len(body)
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == len(ReminderKind) + 2
    assert "Python" not in headers.get("Server", "")
    head_status, head_headers, head_body = request(server, "HEAD")
    assert head_status == 200 and head_body == b"" and head_headers["ETag"] == headers["ETag"]


def test_if_none_match_gets_304_until_the_store_changes(server, today):
    _, headers, body = request(server)
    etag = headers["ETag"]
    for match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        status, h304, empty = request(server, headers={"If-None-Match": match})
        assert (status, empty, h304["ETag"]) == (304, b"", etag), match
    assert request(server, headers={"If-None-Match": '"stale"'})[0] == 200
    # Dates alone never give a 304: a rename changes the calendar without moving any revision time.
    assert request(server, headers={"If-Modified-Since": headers["Last-Modified"]})[0] == 200
    Reminder.update(title="Moved on", sequence=Reminder.sequence + 1).where(
        Reminder.uid == ics_data.uid_for(ReminderKind.CHECK_BACK, 4)).execute()
    status, fresh_headers, fresh = request(server, headers={"If-None-Match": etag})
    assert status == 200 and fresh_headers["ETag"] != etag and b"Moved on" in fresh


def test_an_unchanged_store_is_answered_without_rendering(server, today, db_path):
    _, headers, body = request(server)
    renders = server.renders
    for _ in range(5):
        status, _h, empty = request(server, headers={"If-None-Match": headers["ETag"]})
        assert (status, empty) == (304, b"")
        assert request(server)[2] == body  # a plain GET too: the last render is still the calendar
    assert server.renders == renders
    # A write from anywhere (here another connection, as the window or a CLI run) is the next answer.
    _write_elsewhere(db_path, "Written elsewhere")
    status, fresh_headers, fresh = request(server, headers={"If-None-Match": headers["ETag"]})
    assert status == 200 and fresh_headers["ETag"] != headers["ETag"] and b"Written elsewhere" in fresh
    assert server.renders > renders
    # And a rename in this process, which moves no revision time, changes the body as well.
    Contact.update(name="Zoë Renamed").where(Contact.name == "Zoë Ångström").execute()
    status, _h, renamed = request(server, headers={"If-None-Match": fresh_headers["ETag"]})
    assert status == 200 and "Zoë Renamed".encode() in renamed


@pytest.mark.parametrize("path", [
    "/", "/netdesk.ics", "/{token}", "/{token}/", "/{token}/other.ics", "/{token}/netdesk.ics/x",
    "/{short}/netdesk.ics", "/WRONGTOKEN/netdesk.ics", "/../{token}/netdesk.ics", "/{token}/../{token}/netdesk.ics",
    "/x/../{token}/netdesk.ics", "/%2e%2e/{token}/netdesk.ics", "//{token}/netdesk.ics", "/{token}//netdesk.ics",
    "/{token}/netdesk.ics/../../etc/passwd", "/../../../../etc/passwd",
])
def test_anything_but_the_exact_path_is_404(server, path):
    target = path.format(token=server.token, short=server.token[:-1])
    answer = raw(server, f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status_of(answer) == 404, target
    assert b"BEGIN:VCALENDAR" not in answer


def test_the_token_is_compared_in_constant_time(server, monkeypatch):
    calls = []
    real = feed.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(feed.hmac, "compare_digest", spy)
    assert request(server, path="/nope/netdesk.ics")[0] == 404
    assert request(server)[0] == 200
    assert calls and all(b == server.token.encode() for _a, b in calls)


def test_only_get_and_head(server):
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
        status, headers, _ = request(server, method)
        assert status == 405 and headers["Allow"] == "GET, HEAD", method
    assert status_of(raw(server, f"BREW {_path(server)} HTTP/1.1\r\n\r\n".encode())) == 501


def test_oversized_requests_are_refused(server):
    assert status_of(raw(server, b"GET /" + b"a" * 20_000 + b" HTTP/1.1\r\n\r\n")) == 414
    many = b"".join(b"X-Pad-%d: %s\r\n" % (n, b"p" * 100) for n in range(300))
    assert status_of(raw(server, f"GET {_path(server)} HTTP/1.1\r\n".encode() + many + b"\r\n")) == 431
    one_huge = b"X-Big: " + b"b" * 60_000 + b"\r\n"
    assert status_of(raw(server, f"GET {_path(server)} HTTP/1.1\r\n".encode() + one_huge + b"\r\n")) == 431
    body = f"GET {_path(server)} HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".encode()
    assert status_of(raw(server, body)) == 413
    assert request(server)[0] == 200  # still up


def _serve(head_deadline: float):
    srv = feed.start(0, head_deadline=head_deadline)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return srv, thread


def _stop(srv, thread) -> None:
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=10)


def test_slow_clients_do_not_block_others(store, today):
    ics_data.populate(today)
    srv, thread = _serve(head_deadline=60.0)  # long enough that the slow ones are still waiting below
    silent = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    trickle = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    try:
        silent.sendall(b"GET " + _path(srv).encode())  # and then nothing
        trickle.sendall(f"GET {_path(srv)} HTTP/1.1\r\nX-Slow: ".encode())
        for n in range(5):
            trickle.sendall(b"x")
            assert request(srv)[0] == 200, n
        for slow in (silent, trickle):
            slow.setblocking(False)
            with pytest.raises(BlockingIOError):
                slow.recv(1)  # still unanswered, yet everyone else was served
    finally:
        silent.close()
        trickle.close()
        _stop(srv, thread)


def test_slow_clients_time_out(store, today):
    srv, thread = _serve(head_deadline=0.5)
    silent = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    trickle = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
    stop = threading.Event()

    def drip() -> None:  # a byte at a time, never finishing the head: a per-read timeout would not catch it
        with contextlib.suppress(OSError):
            trickle.sendall(f"GET {_path(srv)} HTTP/1.1\r\n".encode())
            while not stop.wait(0.05):
                trickle.sendall(b"X")

    dripper = threading.Thread(target=drip)
    try:
        silent.sendall(b"GET " + _path(srv).encode())
        dripper.start()
        assert status_of(silent.recv(4096)) == 408
        assert status_of(trickle.recv(4096)) == 408
        assert request(srv)[0] == 200
    finally:
        stop.set()
        if dripper.is_alive():
            dripper.join(timeout=10)
        silent.close()
        trickle.close()
        _stop(srv, thread)


def test_a_thousand_concurrent_requests(server):
    good = f"GET {_path(server)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    bad = b"GET /wrong/netdesk.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    async def one(n: int) -> tuple[int, bytes]:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(bad if n % 10 == 0 else good)
        await writer.drain()
        answer = await reader.read()
        writer.close()
        await writer.wait_closed()
        head, _, body = answer.partition(b"\r\n\r\n")
        return status_of(head), body

    async def burst() -> list[tuple[int, bytes]]:
        return await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(1000))), timeout=300)

    results = asyncio.run(burst())
    assert [status for status, _ in results] == [404 if n % 10 == 0 else 200 for n in range(1000)]
    bodies = {body for status, body in results if status == 200}
    assert len(bodies) == 1 and next(iter(bodies)).startswith(b"BEGIN:VCALENDAR")
    assert server.errors == []
    assert request(server)[0] == 200


def _outside_address() -> str | None:
    """This machine's address on a non-loopback interface, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_listens_on_loopback_only(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.socket.getsockname()[0] == "127.0.0.1"
    outside = _outside_address()
    if outside is None:
        pytest.skip("no non-loopback interface to try")
    with pytest.raises(OSError), socket.create_connection((outside, server.port), timeout=5):
        pass


def test_a_port_in_use_is_a_clear_error(server):
    from netdesk.errors import UserFacingError

    with pytest.raises(UserFacingError, match=f"port {server.port} .* already in use"):
        feed.start(server.port)


def test_a_new_token_retires_the_old_url(server):
    old = _path(server)
    change = calendar.regenerate_token()
    assert change.settings == {calendar.K_TOKEN}
    server.token = calendar.feed_token()
    assert len(server.token) >= 22  # ≥ 128 bits in URL-safe base64
    assert request(server, path=old)[0] == 404
    assert request(server)[0] == 200


def test_requests_during_a_render_share_the_next_one(server, monkeypatch, db_path):
    server.rendered()  # let the start-up warm-up render finish first
    arrived, renders = [], []
    all_arrived = threading.Event()
    real_rendered, real_render = server.rendered, server._render

    def counting_rendered():
        arrived.append(1)
        if len(arrived) == 10:
            all_arrived.set()
        return real_rendered()

    def slow_render():
        renders.append(1)
        if len(renders) == 1:
            assert all_arrived.wait(60)  # hold the first render until every request is waiting
            _write_elsewhere(db_path, "Renamed during the render")  # which that render may or may not see
        return real_render()

    monkeypatch.setattr(server, "rendered", counting_rendered)
    monkeypatch.setattr(server, "_render", slow_render)
    _write_elsewhere(db_path, "Renamed before the burst")
    threads = [threading.Thread(target=request, args=(server,)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The first render began before the others arrived, so it is not fresh for them: they share one more,
    # which also sees the write made during the first.
    assert len(renders) == 2
    assert b"Renamed during the render" in request(server)[2] and len(renders) == 2


def _write_elsewhere(db_path, title: str) -> None:
    """A commit from another connection, as the window or a CLI run makes one."""
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE reminder SET title = ?, sequence = sequence + 1 WHERE id = (SELECT min(id) FROM reminder)",
                     (title,))
