"""Shared fixtures. Every store test uses a real SQLite file under tmp_path: there are no mocks of the store."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Before any QApplication exists (STYLE.md).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 3, 10)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "netdesk.sqlite3"


@pytest.fixture
def store(db_path: Path):
    from netdesk.store.db import close_store, open_store

    database = open_store(db_path)
    yield database
    close_store()


@pytest.fixture
def context(store, qtbot):
    """The window's AppContext on a fresh store, dated TODAY. `context.opened` lists the contact ids that
    `open_contact` was asked to show."""
    from netdesk.ui.context import AppContext  # Qt: only the tests that ask for it load it

    opened: list[int] = []
    ctx = AppContext.create(lambda: TODAY, open_contact=opened.append)
    ctx.opened = opened
    return ctx


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def run_netdesk(*args: str, db: Path | None = None, env: dict | None = None, input: str | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as a user or an outside test script would."""
    command = [sys.executable, "-m", "netdesk"]
    if db is not None:
        command += ["--db", str(db)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command + list(args), capture_output=True, text=True, env=full_env, input=input,
                          timeout=timeout)


@pytest.fixture
def cli(db_path: Path):
    def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return run_netdesk(*args, db=db_path, **kwargs)

    return run


@pytest.fixture(autouse=True)
def close_dav_clients():
    """Close the DAV clients a test opened (tests.sync.servers.dav_client) once it is over."""
    yield
    from tests.sync.servers import OPEN_CLIENTS

    while OPEN_CLIENTS:
        OPEN_CLIENTS.pop().close()
