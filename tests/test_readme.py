"""The README's test command and .ci/run must stay the same command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _test_command() -> str:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Test it", 1)[1]
    return section.split("```sh\n", 1)[1].split("\n```", 1)[0].strip()


def test_ci_runs_the_readme_test_command():
    command = _test_command()
    assert "pytest" in command
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines
