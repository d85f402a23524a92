"""Two small QPainter charts for the Goals view: new contacts per month against the goal, and
interactions per week. Colours come from the palette, so they follow the light or dark theme.

They draw plain bars on a light grid; a chart add-on would be a large dependency for two pictures.
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
GOAL_COLOUR = QColor("#d08a1e")  # amber: reads as "target" on both light and dark backgrounds


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^n) that splits 0..top into about `ticks` parts."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return int(factor * power)
    return int(10 * power)


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() * (1 - amount) + b.red() * amount),
        round(a.green() * (1 - amount) + b.green() * amount),
        round(a.blue() * (1 - amount) + b.blue() * amount),
    )


class _BarChart(QWidget):
    """Bars over a y grid with rounded ticks; subclasses say how to label and colour them."""

    LEFT, RIGHT, TOP, BOTTOM = 34, 12, 14, 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    def sizeHint(self) -> QSize:
        """Override QWidget.sizeHint."""
        return QSize(520, 220)

    def top_value(self) -> int:
        return max([*self.values, 1])

    def plot_rect(self) -> QRectF:
        return QRectF(self.LEFT, self.TOP, max(1, self.width() - self.LEFT - self.RIGHT),
                      max(1, self.height() - self.TOP - self.BOTTOM))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Override QWidget.paintEvent."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = _mix(palette.color(QPalette.ColorRole.Base), text, 0.12)
        plot = self.plot_rect()
        step = nice_step(self.top_value())
        top = math.ceil(self.top_value() / step) * step
        self._scale = (plot, top)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        for tick in range(0, top + 1, step):
            y = self.y_of(tick)
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(_mix(palette.color(QPalette.ColorRole.Window), text, 0.6))
            painter.drawText(QRectF(0, y - 8, self.LEFT - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))
        if self.values:
            slot = plot.width() / len(self.values)
            gap = min(slot * 0.25, 8.0)
            for i, value in enumerate(self.values):
                bar = QRectF(plot.left() + i * slot + gap / 2, self.y_of(value), slot - gap,
                             plot.bottom() - self.y_of(value))
                outline = self.bar_outline(i, value)
                painter.setPen(QPen(outline, 1.2) if outline is not None and value else Qt.PenStyle.NoPen)
                painter.setBrush(self.bar_colour(i, value))
                painter.drawRoundedRect(bar, min(3.0, bar.width() / 3), min(3.0, bar.width() / 3))
            self.draw_labels(painter, plot, slot, text)
        self.draw_extra(painter, plot)
        painter.end()

    def y_of(self, value: float) -> float:
        plot, top = self._scale
        return plot.bottom() - plot.height() * (value / top if top else 0)

    def bar_colour(self, index: int, value: int) -> QColor:
        return self.palette().color(QPalette.ColorRole.Highlight)

    def bar_outline(self, index: int, value: int) -> QColor | None:
        return None

    def draw_labels(self, painter: QPainter, plot: QRectF, slot: float, text: QColor) -> None:
        """Labels under the bars."""

    def draw_extra(self, painter: QPainter, plot: QRectF) -> None:
        """Anything drawn over the bars."""


class GoalChart(_BarChart):
    """New contacts per month as bars, the monthly goal as a dashed line; months that met it are solid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[dt.date] = []
        self.goal = 0
        self.setAccessibleName("New contacts per month against the goal")

    def set_data(self, series: list[tuple[dt.date, int]], goal: int) -> None:
        self.months = [month for month, _ in series]
        self.values = [count for _, count in series]
        self.goal = goal
        met = sum(1 for v in self.values if v >= goal)
        self.setAccessibleDescription(
            f"Goal {goal} a month; met in {met} of the last {len(self.values)} months. "
            + ", ".join(f"{MONTHS[m.month - 1]} {v}" for m, v in series))
        self.update()

    def top_value(self) -> int:
        return max([*self.values, self.goal + 1, 1])

    def bar_colour(self, index: int, value: int) -> QColor:
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        if value >= self.goal:
            return highlight
        # A month short of the goal: a lighter fill with the full colour's outline (bar_outline). On a dark
        # base a thin mix disappears, so it takes more of the colour there.
        base = self.palette().color(QPalette.ColorRole.Base)
        return _mix(base, highlight, 0.6 if base.lightness() < 128 else 0.4)

    def bar_outline(self, index: int, value: int) -> QColor | None:
        return self.palette().color(QPalette.ColorRole.Highlight).lighter(130) if value < self.goal else None

    def draw_labels(self, painter: QPainter, plot: QRectF, slot: float, text: QColor) -> None:
        widest = painter.fontMetrics().horizontalAdvance("May 26") + 6
        every = max(1, math.ceil(widest / max(slot, 1.0)))  # a narrow chart labels every 2nd or 3rd month
        last = len(self.months) - 1
        for i, month in enumerate(self.months):
            x = plot.left() + i * slot
            painter.setPen(text)
            if (last - i) % every == 0:  # the current month always has its label
                label = MONTHS[month.month - 1] + (f" {month.year % 100:02d}" if month.month == 1 or i < every else "")
                painter.drawText(QRectF(x - 20, plot.bottom() + 4, slot + 40, 18), Qt.AlignmentFlag.AlignHCenter,
                                 label)
            value = self.values[i]
            if value:
                painter.drawText(QRectF(x, self.y_of(value) - 17, slot, 16),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(value))

    def draw_extra(self, painter: QPainter, plot: QRectF) -> None:
        if self.goal <= 0:
            return
        y = self.y_of(self.goal)
        pen = QPen(GOAL_COLOUR, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.drawText(QRectF(plot.right() - 120, y - 18, 118, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, f"goal {self.goal}")


class WeeklyChart(_BarChart):
    """Interactions per week over the last year; the x axis is labelled at each month's first week."""

    BOTTOM = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: list[dt.date] = []
        self.setAccessibleName("Interactions per week over the last year")

    def set_data(self, series: list[tuple[dt.date, int]]) -> None:
        self.weeks = [week for week, _ in series]
        self.values = [count for _, count in series]
        total = sum(self.values)
        busiest = max(series, key=lambda s: s[1]) if series else None
        self.setAccessibleDescription(
            f"{total} interactions in {len(series)} weeks"
            + (f"; busiest week {busiest[0].isoformat()} with {busiest[1]}" if busiest and busiest[1] else ""))
        self.update()

    def draw_labels(self, painter: QPainter, plot: QRectF, slot: float, text: QColor) -> None:
        painter.setPen(text)
        last_month = None
        for i, week in enumerate(self.weeks):
            if week.month != last_month and (i > 0 or week.day <= 7):
                x = plot.left() + i * slot
                label = MONTHS[week.month - 1] + (f" {week.year % 100:02d}" if week.month == 1 else "")
                painter.drawText(QRectF(x - 2, plot.bottom() + 4, 60, 18), Qt.AlignmentFlag.AlignLeft, label)
            last_month = week.month
