"""Ships resources/ inside the wheel as netdesk/resources, where netdesk.paths looks for it.

Everything else is declared in pyproject.toml. The files stay in the top-level resources/ folder (the
PyInstaller spec and the desktop entry read them there); a build step copies them rather than a
symlink, which does not survive Windows checkouts or sdists.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# What the app loads at run time; the .ico/.icns are build inputs only and make_icons.py is a dev tool.
RUNTIME_RESOURCES = ("*.svg", "*.png", "*.desktop", "*.xml")


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads resources/ from the source tree
            return
        target = Path(self.build_lib) / "netdesk" / "resources"
        for pattern in RUNTIME_RESOURCES:
            for source in sorted((ROOT / "resources").glob(pattern)):
                target.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildPyWithResources})
