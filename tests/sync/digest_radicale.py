"""Radicale behind HTTP Digest authentication (RFC 7616), for tests: `python -m tests.sync.digest_radicale
FOLDER PORT USER PASSWORD`.

Radicale has no Digest login of its own (htpasswd, LDAP, IMAP, PAM and the like all take a Basic
password), and Xandikos none at all, so a server set to Digest, as a Baïkal can be, is made of two real
parts: WsgiDAV's HTTP authenticator (Digest only: a Basic login is answered with a Digest challenge),
and Radicale's own WSGI application behind it with `[auth] type = remote_user`, which trusts the user
name the authenticator checked."""

from __future__ import annotations

import socketserver
import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import radicale
from radicale import config as radicale_config
from wsgidav.dc.simple_dc import SimpleDomainController
from wsgidav.http_authenticator import HTTPAuthenticator

REALM = "netdesk-tests"


class OneRealm(SimpleDomainController):
    """Every path is one realm (WsgiDAV would derive it from its own shares, which do not exist here)."""

    def get_domain_realm(self, path_info, environ):  # noqa: D102  (WsgiDAV's signature)
        return REALM


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # noqa: D102
        pass


def application(folder: Path, user: str, password: str):
    configuration = radicale_config.load()
    configuration.update({"auth": {"type": "remote_user"},
                          "storage": {"filesystem_folder": str(folder / "collections")},
                          "logging": {"level": "warning"}}, "tests", privileged=True)
    inner = radicale.Application(configuration)

    def as_checked_user(environ, start_response):
        environ["REMOTE_USER"] = environ.get("wsgidav.auth.user_name", "")
        return inner(environ, start_response)

    settings = {"http_authenticator": {"domain_controller": OneRealm, "accept_basic": False,
                                       "accept_digest": True, "default_to_digest": True},
                "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}}, "verbose": 1}
    return HTTPAuthenticator(None, as_checked_user, settings)


def main(argv: list[str]) -> int:
    folder, port, user, password = Path(argv[0]), int(argv[1]), argv[2], argv[3]
    with make_server("127.0.0.1", port, application(folder, user, password), server_class=ThreadingServer,
                     handler_class=QuietHandler) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
