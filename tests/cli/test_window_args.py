"""Opening the window parses its few options without building every command's parser (~30 ms)."""

from pathlib import Path

from netdesk import cli


def test_the_window_path_builds_no_command_parser(monkeypatch):
    from netdesk import clicmds  # read by build_parser when a command is given, not at import

    built = []
    monkeypatch.setattr(clicmds, "REGISTRY", [lambda sub: built.append(sub)])
    args = cli._window_args(["--db", "some.sqlite3"])
    assert args is not None and args.command is None and args.db == Path("some.sqlite3")
    assert cli._window_args(["--self-test"]).self_test
    assert built == []


def test_a_command_or_help_or_a_stray_word_goes_to_the_full_parser():
    for argv in (["contact", "list"], ["--db", "x", "list"], ["--help"], ["-h"], ["--bogus"]):
        assert cli._window_args(argv) is None, argv
