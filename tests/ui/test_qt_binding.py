"""The Qt binding itself: PySide6-Essentials 6.12.0 drops a reference to None on every void call under
Python 3.11, so the app aborts (none_dealloc) after a few thousand calls. pyproject.toml excludes it."""

import sys

import pytest
from PySide6.QtWidgets import QCheckBox


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_calls_keep_none_alive(qtbot):
    box = QCheckBox()
    qtbot.addWidget(box)
    before = sys.getrefcount(None)
    for _ in range(2000):
        box.setEnabled(True)
    # A little slack for unrelated references made or dropped meanwhile; the bug loses 2000.
    assert abs(sys.getrefcount(None) - before) < 100
