"""One window per store: a second window on the same store raises the first instead of becoming a rival writer.

A QLockFile beside the store says who owns it (a crashed owner's lock is taken over, since its process
is gone), and a QLocalServer named after the store's path lets a second start-up ask the owner to raise
its window. Two different stores can each have their window.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket as pysocket
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QSocketNotifier, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
OPEN = b"open "
CONNECT_MS = 1000


def key_for(db_path: Path) -> str:
    """A local server name for the store: short (socket paths are limited) and the same for every spelling."""
    digest = hashlib.sha256(str(Path(db_path).expanduser().resolve()).encode()).hexdigest()[:20]
    return f"netdesk-{digest}"


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path).expanduser().resolve()
    return db_path.with_name(db_path.name + ".window-lock")


class SingleInstance(QObject):
    """Claims a store for this process's window.

    Signals:
        activation_requested: another start-up on the same store asked this window to come forward.
        files_requested: that start-up was given files to open (`netdesk card.vcf` from a file manager).
    """

    activation_requested = Signal()
    files_requested = Signal(list)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.key = key_for(self.db_path)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self._signals: tuple | None = None  # set while this instance holds the process's signal handlers

    def claim(self, open_paths: list[Path] | None = None) -> bool:
        """True if this process now owns the store's window; False if another one does (and was asked
        to raise its window). A folder where no lock can be written does not stop the window opening:
        the store's own errors will say what is wrong with it."""
        path = lock_path(self.db_path)
        if not path.parent.is_dir():
            return True
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never merely because it is old
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                self.ask_owner_to_raise(open_paths or [])
                return False
            return True  # permission or unknown error: not another window
        self._lock = lock
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)  # beside a 0600 store (issue 21); QLockFile writes it with the umask's mode
        self._listen()
        self._quit_on_signals()
        return True

    def _quit_on_signals(self) -> None:
        """SIGTERM and SIGINT end the event loop, so the window closes and `release` removes the lock file."""
        if self._signals is None and _SIGNALS.install():
            self._signals = (True,)

    def _restore_signals(self) -> None:
        if self._signals is not None:
            self._signals = None
            _SIGNALS.uninstall()

    def ask_owner_to_raise(self, open_paths: list[Path] | None = None) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        # One line to raise, then one absolute path per line for the owner to offer for import.
        message = RAISE + b"".join(OPEN + str(Path(p).resolve()).encode() + b"\n" for p in open_paths or [])
        socket.write(message)
        socket.flush()
        sent = socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return sent

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # only this user may ask
        # We hold the lock, so a server of that name is a crashed owner's leftover.
        QLocalServer.removeServer(self.key)
        if server.listen(self.key):
            server.newConnection.connect(self._accept)
            self._server = server

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # The asker writes one short line right after connecting; waiting for it here (at most a
            # second, only when someone starts netdesk again) avoids callbacks on sockets that may be gone.
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_MS):
                while socket.waitForReadyRead(50):  # the file lines may arrive in a second packet
                    pass
                message = bytes(socket.readAll().data())
                if message.startswith(RAISE.strip()):
                    self.activation_requested.emit()
                    files = [Path(line[len(OPEN):].decode(errors="replace")) for line in message.splitlines()[1:]
                             if line.startswith(OPEN)]
                    if files:
                        self.files_requested.emit(files)
            socket.disconnectFromServer()
            socket.deleteLater()

    def release(self) -> None:
        self._restore_signals()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


class _QuitOnSignals:
    """The process's SIGTERM and SIGINT handlers while a window owns a store: they quit the event loop. Qt's
    loop never returns to Python by itself, so a wake-up socket (signal.set_wakeup_fd), read by a notifier,
    gives Python the moment to run the handler. Installed once however many instances claim a store."""

    def __init__(self) -> None:
        self.users = 0
        self.state: tuple | None = None

    def install(self) -> bool:
        if self.state is None:
            if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
                return False
            reader, writer = pysocket.socketpair()
            reader.setblocking(False)
            writer.setblocking(False)
            old_fd = signal.set_wakeup_fd(writer.fileno())
            notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
            notifier.activated.connect(lambda *_: _drain(reader))  # the handler runs as this slot returns
            previous = {sig: signal.signal(sig, lambda *_: QCoreApplication.quit())
                        for sig in (signal.SIGTERM, signal.SIGINT)}
            self.state = (previous, old_fd, reader, writer, notifier)
        self.users += 1
        return True

    def uninstall(self) -> None:
        self.users -= 1
        if self.users > 0 or self.state is None:
            return
        previous, old_fd, reader, writer, notifier = self.state
        self.state = None
        notifier.setEnabled(False)
        notifier.deleteLater()
        for sig, handler in previous.items():
            if handler is not None:  # None: a handler not set from Python, which cannot be put back
                signal.signal(sig, handler)
        signal.set_wakeup_fd(old_fd)
        reader.close()
        writer.close()


_SIGNALS = _QuitOnSignals()


def _drain(reader: pysocket.socket) -> None:
    with contextlib.suppress(OSError):
        while reader.recv(64):
            pass


def bring_forward(window) -> None:
    """Raise and focus `window`, restoring it if minimised."""
    from PySide6.QtCore import Qt

    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
