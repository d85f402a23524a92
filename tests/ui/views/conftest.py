import pytest

from netdesk.ui.views import actions


class DialogDriver:
    """Stands in for `exec_dialog`: fills the dialog it is handed as a user would, then accepts or cancels."""

    def __init__(self) -> None:
        self.fillers: list = []
        self.seen: list = []

    def __call__(self, dialog) -> bool:
        self.seen.append(dialog)
        dialog.show()
        fill = self.fillers.pop(0) if self.fillers else None
        if fill is None:
            dialog.reject()
            return False
        fill(dialog)
        dialog.save_button.click()
        accepted = not dialog.isVisible()
        assert accepted, dialog.error.text()
        return accepted


@pytest.fixture
def dialogs(monkeypatch) -> DialogDriver:
    driver = DialogDriver()
    monkeypatch.setattr(actions, "exec_dialog", driver)
    return driver
