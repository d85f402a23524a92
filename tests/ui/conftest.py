import pytest

from netdesk.ui.messages import Messages


class MessageLog:
    """Replaces the modal message boxes: a test sees what would have been shown, and nothing blocks."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, bool]] = []
        self.answers: list[bool] = []

    def ask(self, parent, title, text) -> bool:
        self.shown.append((title, text, False))
        return self.answers.pop(0) if self.answers else False

    def tell(self, parent, title, text, *, error=False) -> None:
        self.shown.append((title, text, error))


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> MessageLog:
    log = MessageLog()
    monkeypatch.setattr(Messages, "ask", classmethod(lambda cls, *a, **k: log.ask(*a, **k)))
    monkeypatch.setattr(Messages, "tell", classmethod(lambda cls, *a, **k: log.tell(*a, **k)))
    return log


@pytest.fixture(autouse=True)
def ui_options(tmp_path):
    """Window options (QSettings) go to a throwaway INI file: tests never read or touch the user's."""
    from netdesk.ui import options

    options.use_file(tmp_path / "netdesk-options.ini")
    yield options
    options.use_file(None)
