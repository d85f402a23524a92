"""A layout that wraps its widgets onto the next line when the row is full (Qt's Flow Layout example).

The sections' button bars use it, so a window of 800×600 shows every button instead of forcing the
window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        """Override QLayout.addItem."""
        self._items.append(item)

    def addStretch(self, _stretch: int = 0) -> None:
        """Rows are left-aligned already; kept so a flow can stand in for a QHBoxLayout."""

    def count(self) -> int:
        """Override QLayout.count."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Override QLayout.itemAt."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Override QLayout.takeAt."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        """Override QLayout.expandingDirections."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Override QLayout.hasHeightForWidth."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Override QLayout.heightForWidth."""
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        """Override QLayout.setGeometry."""
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """Override QLayout.sizeHint: everything on one row."""
        width = sum(i.sizeHint().width() for i in self._visible()) + self._gap * max(0, len(self._visible()) - 1)
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """Override QLayout.minimumSize: the widest single widget."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._visible():
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def flow_row(widgets: list[QWidget]) -> QWidget:
    """A widget holding `widgets` in a wrapping row (a widget, so its height follows its width)."""
    holder = QWidget()
    holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    layout = FlowLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    return holder
