"""Real CalDAV servers for the sync tests: Radicale (the reference) and, where it installs, Xandikos.
Each runs as a subprocess on 127.0.0.1, a free port, a temporary folder, one htpasswd user."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

USER = "ada"
PASSWORD = "s3cret-Pässwörd-42"
# Every DAV client a test opens in its own process (the phone, a second netdesk's client): tests/conftest.py
# closes them after each test, so no socket is left for the garbage collector to warn about in a later one.
OPEN_CLIENTS: list = []


def dav_client(url: str):
    """An independent caldav DAVClient as the user (the phone), closed after the test."""
    import caldav

    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    OPEN_CLIENTS.append(client)
    return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError("the server did not start listening")


@dataclass
class Server:
    name: str
    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self) -> Server:
        self.port = self.port or free_port()
        with (self.folder / "server.log").open("ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT)
        wait_listening(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, signed by itself (it is its own CA file), and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class Radicale(Server):
    tls: tuple[Path, Path] | None = None  # (certificate, key): serve https

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}/"

    def command(self) -> list[str]:
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")  # plain: no extra dependency
        config = self.folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            + (f"ssl = True\ncertificate = {self.tls[0]}\nkey = {self.tls[1]}\n" if self.tls else "") +
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\n"
            "level = warning\n", encoding="utf-8")
        return [sys.executable, "-m", "radicale", "--config", str(config)]


class DigestRadicale(Server):
    """Radicale behind an HTTP Digest login (tests/sync/digest_radicale.py): a server that refuses Basic."""

    def command(self) -> list[str]:
        script = Path(__file__).with_name("digest_radicale.py")
        return [sys.executable, str(script), str(self.folder), str(self.port), USER, PASSWORD]


class Xandikos(Server):
    """Xandikos has no login of its own (it runs behind a proxy that does), so only sync is tested on it."""

    def command(self) -> list[str]:
        return [sys.executable, "-m", "xandikos", "--defaults", "--autocreate", "-d", str(self.folder / "data"),
                "-l", "127.0.0.1", "-p", str(self.port), "--current-user-principal", f"/{USER}"]


@contextlib.contextmanager
def file_keyring(path: Path):
    """A real keyring backend for in-process tests (keyrings.alt's plain file at `path`), set for the
    duration: the code under test stores and reads passwords through `keyring` as it would anywhere."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    ring = PlaintextKeyring()
    ring.file_path = str(path)
    before = keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)
