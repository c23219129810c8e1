"""The package list, found rather than listed (everything else is in pyproject.toml): every
package under src/, plus the two data packages that pyproject.toml maps from the checkout's top
level (templates/ → jixiao.templates, docs/ → jixiao.docs).

Building the package also compiles the shipped formats' templates (render/compiled.py) into
jixiao/templates/_compiled, which a build loads instead of compiling them again."""
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class build_py_compiling_templates(build_py):
    def run(self):
        super().run()
        if self.editable_mode:       # a development install reads the checkout: compiled in memory
            return
        sys.path.insert(0, str(HERE / "src"))
        try:
            from jixiao.render.compiled import COMPILED_FOLDER, compile_shipped
            from jixiao.render.report import FILTERS
            compile_shipped(Path(self.build_lib) / "jixiao" / "templates" / COMPILED_FOLDER, FILTERS, HERE / "templates")
        finally:
            sys.path.remove(str(HERE / "src"))


setup(packages=find_packages("src") + ["jixiao.templates", "jixiao.docs"],
      cmdclass={"build_py": build_py_compiling_templates})
