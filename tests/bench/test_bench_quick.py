"""`python -m bench --quick` still runs end to end and lists every row with numbers (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Rows the runner itself owns; the section modules' rows are checked by section below.
OWN_ROWS = ("cold start to first painted contact list", "search keystroke p50", "search keystroke p95",
            "resident memory, contacts listed", "peer: contact search per query")
SECTIONS = ("desktop", "exchange", "etiquette", "calendar", "capture", "peers")


@pytest.mark.slow
def test_quick_bench_runs_and_lists_every_row(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    rows = report["rows"]
    assert report["mode"] == "quick" and report["machine"]["nproc"] >= 1
    for prefix in OWN_ROWS:
        row = next((r for r in rows if r["name"].startswith(prefix)), None)
        assert row is not None, prefix
        assert row["samples"] and all(isinstance(x, float) and x > 0 for x in row["samples"]), (prefix, row["note"])
        assert row["baseline_samples"] and row["ratio"] > 0, prefix
    assert {r["section"] for r in rows} == set(SECTIONS)
    # a section module that exists must give figures; one that is missing gives a "not available" row
    for row in rows:
        assert row["samples"] or row["note"].startswith("not available"), row
    assert "| row |" in proc.stdout
