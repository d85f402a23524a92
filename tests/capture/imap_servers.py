"""Real IMAP servers on 127.0.0.1 for the capture tests: pymap (from PyPI, in the test extra) and Dovecot
(from Debian, installed by .ci/run), and a proxy that drops the connection in the middle of a FETCH."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

USER = "me@home.example"
PASSWORD = "s3cret pass"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                if s.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


@dataclass
class Imap:
    port: int
    user: str = USER
    password: str = PASSWORD

    def client(self) -> IMAPClient:
        c = IMAPClient("127.0.0.1", self.port, ssl=False, timeout=10)
        c.login(self.user, self.password)
        return c

    def append(self, folder: str, *messages) -> None:
        with self.client() as c:
            if not c.folder_exists(folder):
                c.create_folder(folder)
            for m in messages:
                c.append(folder, m.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    def args(self, *extra: str) -> list[str]:
        return ["capture", "imap", "--host", "127.0.0.1", "--port", str(self.port), "--user", self.user,
                "--security", "none", "--password-stdin", "--json", *extra]


def start_pymap(tmp: Path):
    port = free_port()
    command = [sys.executable, "-c", "import sys; from pymap.main import main; sys.argv[0] = 'pymap'; main()", "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict",
               "--demo-user", USER, "--demo-password", PASSWORD]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tmp)
    wait_for(port, proc, "pymap")
    return proc, Imap(port)


def start_dovecot(tmp: Path):
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    if binary is None or os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("dovecot is not installed (.ci/run installs dovecot-imapd) or not running as root")
        pytest.skip("dovecot (Debian's dovecot-imapd) is not installed, or not root")
    port = free_port()
    # Dovecot's login and mail processes run as its own users, who cannot enter pytest's 0700 folders.
    tmp = Path(tempfile.mkdtemp(prefix="netdesk-dovecot-"))
    tmp.chmod(0o755)
    (tmp / "mail").mkdir()
    (tmp / "run").mkdir()
    shutil.chown(tmp / "mail", "dovecot", "dovecot")
    (tmp / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    config = tmp / "dovecot.conf"
    config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {tmp / "run"}
state_dir = {tmp / "run"}
instance_name = netdesk-test-{port}
log_path = {tmp / "dovecot.log"}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{tmp / "mail"}/%u
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {tmp / "passwd"}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={tmp / "mail"}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
    proc = subprocess.Popen([binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    try:
        wait_for(port, proc, "dovecot")
    except RuntimeError:
        proc.kill()
        log = (tmp / "dovecot.log").read_text() if (tmp / "dovecot.log").exists() else ""
        raise RuntimeError(f"dovecot did not start: {log[-2000:]}") from None
    proc.scratch = tmp
    return proc, Imap(port)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr:
        proc.stderr.close()
    if scratch := getattr(proc, "scratch", None):
        shutil.rmtree(scratch, ignore_errors=True)


class DroppingProxy:
    """Forwards to a server and cuts both sockets once the client has sent `after` FETCH commands and a
    few bytes of the answer went back: a server or a network that fails mid-fetch."""

    def __init__(self, target: int, after: int = 1):
        self.target = target
        self.after = after
        self.armed = True
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.drops = 0
        self.commands: list[str] = []  # each command the client sent, "TAG VERB ..." without its tag
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            state = {"fetches": 0}
            threading.Thread(target=self._pipe, args=(client, server, state, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, state, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, state: dict, upstream: bool) -> None:
        try:
            while data := src.recv(65536):
                if upstream:
                    state["fetches"] += data.upper().count(b" FETCH ")
                    self.commands.extend(line.split(b" ", 1)[1].decode(errors="replace")
                                         for line in data.split(b"\r\n") if b" " in line)
                elif self.armed and state["fetches"] >= self.after and b"FETCH" in data:
                    dst.sendall(data[: max(1, len(data) // 3)])
                    self.drops += 1
                    raise OSError("dropped")
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self.listener.close()
