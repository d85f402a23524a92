"""The one family of errors that reach the user as a message rather than a traceback.

Services raise these; the CLI turns them into `error: ...` and exit 1, the window into a dialog.
Anything else is a bug and goes to the excepthook.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """Input or environment the user can do something about. Nothing was written."""


class NotFound(UserFacingError):
    """A contact, reminder, lead or ask that does not exist."""


class Ambiguous(UserFacingError):
    """A name that matches more than one contact."""


class InvalidValue(UserFacingError):
    """A value that was refused: a bad date, an empty purpose, an unknown kind."""


class StoreError(UserFacingError):
    """The store cannot be opened or written: read-only, full disk, locked, corrupt, too new."""


class FileError(UserFacingError):
    """A file the user named cannot be read or written: permission denied, a full or read-only disk."""


class ImportRefused(UserFacingError):
    """A file that cannot be read as its format. It is refused whole."""
