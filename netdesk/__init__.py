"""netdesk: a desktop organiser for a person's professional network."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("netdesk")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

APP_NAME = "netdesk"
ORG_NAME = "netdesk"
