"""netdesk: a desktop organiser for a person's professional network."""

APP_NAME = "netdesk"
ORG_NAME = "netdesk"


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata on first use: importing importlib.metadata costs
    # ~30 ms, which the window's start-up (and every CLI command) need not pay.
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("netdesk")
        except metadata.PackageNotFoundError:  # running from a source tree that was never installed
            version = "0.1.0"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module 'netdesk' has no attribute {name!r}")
