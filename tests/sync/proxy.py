"""A small HTTP proxy on 127.0.0.1 in front of a real server, that injects the faults of SYNC.md: an
answer of 503 (or any status), a slow answer, and a server without sync tokens (its sync-collection
REPORT refused, as a server that never implemented RFC 6578 answers)."""

from __future__ import annotations

import http.client
import http.server
import threading
import time
from dataclasses import dataclass, field

HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}
METHODS = ("GET", "HEAD", "PUT", "DELETE", "POST", "OPTIONS", "PROPFIND", "PROPPATCH", "REPORT", "MKCOL",
           "MKCALENDAR", "MOVE", "COPY")


@dataclass
class Faults:
    fail_status: int = 0  # answer this instead of forwarding ...
    fail_methods: tuple[str, ...] = ()  # ... for these methods (empty: all) ...
    fail_after: int = 0  # ... once this many matching requests went through ...
    fail_count: int = 10**9  # ... this many times
    delay: float = 0.0  # seconds before forwarding a matching request
    delay_methods: tuple[str, ...] = ()
    no_sync_tokens: bool = False
    seen: list[str] = field(default_factory=list)  # "METHOD path" of every request
    _matched: int = 0
    _failed: int = 0


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.faults = Faults()
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def relay(self) -> None:
                proxy.handle(self)

        for method in METHODS:
            setattr(Handler, f"do_{method}", Handler.relay)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def reset(self, **faults) -> None:
        with self.lock:
            self.faults = Faults(**faults)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: http.server.BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        method = request.command
        with self.lock:
            f = self.faults
            f.seen.append(f"{method} {request.path}")
            failing = False
            if f.fail_status and (not f.fail_methods or method in f.fail_methods):
                f._matched += 1
                if f._matched > f.fail_after and f._failed < f.fail_count:
                    f._failed += 1
                    failing = True
            delay = f.delay if f.delay and (not f.delay_methods or method in f.delay_methods) else 0.0
            refuse_token = f.no_sync_tokens and method == "REPORT" and b"sync-collection" in body
        if failing:
            return self.answer(request, f.fail_status, b"injected fault\n")
        if refuse_token:  # RFC 6578 section 3.2: a server without the report says it is not supported
            return self.answer(request, 403, b'<?xml version="1.0"?><D:error xmlns:D="DAV:">'
                               b"<D:supported-report/></D:error>", "application/xml")
        if delay:
            time.sleep(delay)
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=60)
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP}
            upstream.request(method, request.path, body=body, headers=headers)
            got = upstream.getresponse()
            data = got.read()
            request.send_response(got.status, got.reason)
            for key, value in got.getheaders():
                if key.lower() not in HOP and key.lower() != "content-length":
                    request.send_header(key, value)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            if method != "HEAD":
                request.wfile.write(data)
        except OSError:
            pass  # the client gave up (a timeout): nothing to answer
        finally:
            upstream.close()

    @staticmethod
    def answer(request, status: int, body: bytes, kind: str = "text/plain") -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", kind)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            pass
