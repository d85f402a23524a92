"""Passwords in the system keyring (the `keyring` package) and nowhere else (SYNC.md).

`PYTHON_KEYRING_BACKEND` picks another backend, as keyring documents. Where none works, netdesk says so
and the password is asked for each time (`--password-stdin`) instead of being stored anywhere.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "netdesk"

NO_KEYRING = ("no system keyring works here ({reason}), so the password is not stored: "
              "pass it to every sync with --password-stdin, or set up Secret Service/KWallet "
              "(or PYTHON_KEYRING_BACKEND)")


def _entry(account: str) -> str:
    return f"caldav:{account}"


def store(account: str, password: str) -> str | None:
    """Keep the password; returns a warning when no keyring could."""
    try:
        keyring.set_password(SERVICE, _entry(account), password)
    except (KeyringError, RuntimeError, OSError) as e:
        return NO_KEYRING.format(reason=str(e) or type(e).__name__)
    return None


def load(account: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, _entry(account))
    except (KeyringError, RuntimeError, OSError):
        return None


def forget(account: str) -> None:
    try:
        keyring.delete_password(SERVICE, _entry(account))
    except (PasswordDeleteError, KeyringError, RuntimeError, OSError):
        pass  # nothing stored, or no keyring: nothing to forget
