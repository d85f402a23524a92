"""The layers (STYLE.md, issue 13): only ui/ (and app.py, which starts it) loads Qt, proved in a fresh
interpreter over every module of the package; only store/ holds SQL."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import netdesk

PACKAGE = Path(netdesk.__file__).resolve().parent
QT_ALLOWED = ("netdesk.ui", "netdesk.app")


def every_module() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(netdesk.__path__, "netdesk."))


def core_modules() -> list[str]:
    return [name for name in every_module()
            if not any(name == allowed or name.startswith(f"{allowed}.") for allowed in QT_ALLOWED)]


def test_the_walk_covers_the_whole_package():
    names = every_module()
    assert len(names) == len(list(PACKAGE.rglob("*.py"))) - 1  # all but netdesk/__init__.py itself
    assert {"netdesk.store.db", "netdesk.services.importing", "netdesk.ui.main_window"} <= set(names)


def test_core_modules_do_not_load_qt():
    core = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"a module outside ui/ loads Qt: {out}"


def test_cli_command_does_not_load_qt(tmp_path):
    code = (
        "import sys\n"
        "from netdesk.cli import main\n"
        f"rc = main(['--db', {str(tmp_path / 'x.sqlite3')!r}, 'contact', 'list'])\n"
        "assert rc == 0\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.endswith("False")


# -- SQL lives in store/ only ---------------------------------------------------------------------------
CURSOR_CALLS = {"execute", "execute_sql", "executemany", "executescript"}  # SQL on whatever they are called
# SQL when called on a peewee model (`Contact.update(...)`); on a dict, a str or a Qt object they are not.
MODEL_CALLS = {"select", "insert", "insert_many", "insert_from", "replace", "replace_many", "update", "delete",
               "delete_by_id", "get", "get_or_none", "get_or_create", "get_by_id", "raw", "bulk_create",
               "bulk_update"}
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|PRAGMA|REPLACE|ALTER|DROP) ")


def store_models() -> set[str]:
    """The peewee model classes defined in store/ (a class whose base is a Model or another model)."""
    models = {"Model", "BaseModel"}
    classes = [node for path in sorted((PACKAGE / "store").rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        before = len(models)
        models |= {c.name for c in classes if any(ast.unparse(b).rsplit(".", 1)[-1] in models for b in c.bases)}
        grew = len(models) > before
    return models - {"Model", "BaseModel"}


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _netdesk_module_aliases(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("netdesk"):
            names |= {a.asname or a.name for a in node.names if _is_module(f"{node.module}.{a.name}")}
        elif isinstance(node, ast.Import):
            names |= {a.asname or a.name for a in node.names if a.name.startswith("netdesk")}
    return names


def sql_in(source: str, label: str, models: set[str]) -> list[str]:
    """`label:line: what` for each SQL call or SQL string in `source` (docstrings aside)."""
    tree = ast.parse(source, label)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    modules = _netdesk_module_aliases(tree)  # `commands.execute(...)` calls a netdesk function, not SQL
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, receiver = node.func.attr, ast.unparse(node.func.value).rsplit(".", 1)[-1]
            if (name in CURSOR_CALLS and receiver not in modules) or (name in MODEL_CALLS and receiver in models):
                found.append(f"{label}:{node.lineno}: {ast.unparse(node)[:100]}")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and SQL_TEXT.match(node.value)):
            found.append(f"{label}:{node.lineno}: SQL text {node.value[:70]!r}")
    return found


def test_the_sql_finder_sees_calls_and_strings_and_nothing_else():
    source = ('"""SELECT in a docstring is prose."""\n'
              "from netdesk.ui import commands\n"
              "def f(db, name, Contact):\n"
              "    Contact.update(name=name).where(Contact.id == 1).execute()\n"
              "    db.execute_sql('PRAGMA user_version')\n"
              "    {}.update(a=1); 'a-b'.replace('-', ''); table.selectionModel().select(0, 1)\n"
              "    message = 'Delete the contact?'; commands.execute(None, None, message)\n"
              "    return f'SELECT id FROM contact WHERE name = {name}'\n")
    found = sql_in(source, "probe.py", {"Contact"})
    assert sorted(line.split(":")[1] for line in found) == ["4", "4", "5", "5", "8"], found


def test_no_sql_outside_store():
    models = store_models()
    assert {"Contact", "Reminder", "Tag"} <= models
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) if not path.is_relative_to(PACKAGE / "store")
             for hit in sql_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)), models)]
    assert not found, f"{len(found)} SQL calls or strings outside netdesk/store/:\n" + "\n".join(found)
