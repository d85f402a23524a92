"""What every benchmark row is made of, and the helpers to time, sample memory and print them.

A section module (bench/derive.py, bench/importing.py, bench/calendar.py …) returns a dict; the runner
accepts this shape, which is the one to use:

    {"rows": [
        {"name": "import 10k vCards", "unit": "s",
         "samples": [0.91, 0.88, 0.95],                 # one figure per repetition
         "baseline_name": "vobject.readComponents",     # measured in the same run, on the same data
         "baseline_samples": [0.70, 0.69, 0.72],
         "goal": "≤ 1.5× baseline",                     # text for the table
         "goal_ratio": 1.5,                             # optional: met when ratio ≤ this
         "goal_value": None},                           # optional: met when median ≤ this (same unit)
    ]}

Short forms are also accepted: `{"rows": [...]}` rows with `seconds`/`times` instead of `samples`,
`baseline`/`baseline_seconds` instead of `baseline_samples`, or a single number instead of a list; and a
flat dict `{row name: number | list | row dict}`. Units default to seconds.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Row:
    name: str
    samples: list[float]
    unit: str = "s"
    baseline_name: str = ""
    baseline_samples: list[float] = field(default_factory=list)
    goal: str = ""
    goal_ratio: float | None = None
    goal_value: float | None = None
    note: str = ""
    section: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        value, base = self.median, self.baseline_median
        if value is None or not base:
            return None
        return value / base

    @property
    def met(self) -> bool | None:
        """Whether the goal is met, when the goal is a number; None when there is nothing to compare."""
        checks = []
        if self.goal_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.goal_ratio)
        if self.goal_value is not None and self.median is not None:
            checks.append(self.median <= self.goal_value)
        return all(checks) if checks else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(median=self.median, min=min(self.samples, default=None), max=max(self.samples, default=None),
                    baseline_median=self.baseline_median, baseline_min=min(self.baseline_samples, default=None),
                    baseline_max=max(self.baseline_samples, default=None), ratio=self.ratio, met=self.met)
        return data


def unavailable(name: str, reason: str, goal: str = "", section: str = "") -> Row:
    """A row that could not be measured: it is still listed, with why."""
    return Row(name=name, samples=[], goal=goal, note=f"not available: {reason}", section=section)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeat(fn: Callable[[], Any], times: int, *, warmup: int = 0) -> list[float]:
    for _ in range(warmup):
        fn()
    return [timed(fn) for _ in range(times)]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """Resident memory of a process in MB, from /proc: VmRSS now, or VmHWM for the peak so far."""
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc status")


def _numbers(value: Any) -> list[float]:
    if value is None:
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        for key in ("samples", "seconds", "times", "values", "median", "value"):
            if key in value:
                return _numbers(value[key])
        return []
    return [float(v) for v in value if isinstance(v, (int, float))]


def _row_from(name: str, data: Any, section: str) -> Row:
    if not isinstance(data, dict):
        return Row(name=name, samples=_numbers(data), section=section)
    baseline = next((data[k] for k in ("baseline_samples", "baseline_seconds", "baseline_times", "baseline")
                     if k in data), None)
    return Row(
        name=str(data.get("name", name)),
        samples=_numbers({k: data[k] for k in ("samples", "seconds", "times", "values", "median", "value")
                          if k in data}),
        unit=str(data.get("unit", "s")),
        baseline_name=str(data.get("baseline_name", data.get("baseline_label", ""))),
        baseline_samples=_numbers(baseline),
        goal=str(data.get("goal", "")),
        goal_ratio=data.get("goal_ratio"),
        goal_value=data.get("goal_value"),
        note=str(data.get("note", "")),
        section=section,
    )


def rows_from(result: Any, section: str) -> list[Row]:
    """Rows from whatever a section module returned (see the module docstring for the shape)."""
    if isinstance(result, Row):
        return [result]
    if isinstance(result, list):
        return [r if isinstance(r, Row) else _row_from(str(r.get("name", section)), r, section) for r in result]
    if isinstance(result, dict):
        if "rows" in result:
            return rows_from(result["rows"], section)
        if "name" in result and any(k in result for k in ("samples", "seconds", "times", "value", "median")):
            return [_row_from(result["name"], result, section)]
        return [_row_from(str(key), value, section) for key, value in result.items()]
    return [Row(name=section, samples=_numbers(result), section=section)]


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3g} {unit}"


def _spread(samples: list[float], unit: str) -> str:
    if not samples:
        return "–"
    return f"{fmt(statistics.median(samples), unit)} ({fmt(min(samples), unit)}–{fmt(max(samples), unit)})"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown(rows: Iterable[Row]) -> str:
    """The table, then one numbered note per row that has one (kept out of the cells to keep them short)."""
    lines = [
        "| row | netdesk: median (min–max) | baseline | baseline: median (min–max) | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for row in rows:
        ratio = "–" if row.ratio is None else (f"{row.ratio:.2f}×" if row.ratio >= 0.1 else f"{row.ratio:.2g}×")
        met = {True: "yes", False: "**no**", None: "–"}[row.met]
        figure = _spread(row.samples, row.unit) if row.samples else "not available"
        name = _cell(row.name)
        if row.note:
            notes.append(_cell(row.note))
            name += f" [{len(notes)}]"
        lines.append(f"| {name} | {figure} | {_cell(row.baseline_name) or '–'} | {_spread(row.baseline_samples, row.unit)}"
                     f" | {ratio} | {_cell(row.goal) or '–'} | {met} |")
    if notes:
        lines.append("")
        lines.extend(f"{n}. {text}" for n, text in enumerate(notes, 1))
    return "\n".join(lines)


def env_for_child(**extra: str) -> dict[str, str]:
    """The environment of a measured child: offscreen Qt (BENCH_QPA=xcb for a real display), and the
    config/data folders the runner chose (BENCH_HOME), so a bench never reads or writes real settings."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("BENCH_QPA", "offscreen"), **extra}
    home = os.environ.get("BENCH_HOME")
    if home:
        env.update(XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_DATA_HOME=os.path.join(home, "data"),
                   XDG_CACHE_HOME=os.path.join(home, "cache"))
    return env
