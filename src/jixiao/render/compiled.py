"""The shipped formats' templates, compiled when the package is built (setup.py's build_py) and
loaded in compiled form from inside the installed package: a build then spends nothing on
compiling them (README, Design decisions).

`compile_shipped(out)` writes one Python module per template file of templates/<format>/, made by
the same sandboxed environment (formats/sandbox.py: its code generator counts loops and sizes) a
build uses, so the compiled form runs inside the same sandbox and renders byte for byte what
compiling in memory renders. Each module's docstring names the Jinja version and the SHA-256 of
the template text it was compiled from; `CompiledLoader` uses a module only when both match the
template it finds now, and otherwise compiles in memory as before. The compiled modules are
read from the installed package only (never a cache a user can write); a bureau's own formats
(--formats) are always compiled in memory, and so is everything in a development checkout.
"""
from __future__ import annotations

import hashlib
import types
from importlib import resources
from importlib.machinery import SourceFileLoader
from pathlib import Path

import jinja2

from jixiao.formats.sandbox import FolderLoader, new_environment
from jixiao.formats.search import FORMAT_FILE, shipped_root

COMPILED_FOLDER = "_compiled"       # in the installed jixiao.templates package
TEMPLATE_SUFFIX = ".j2"


def module_name(format_name: str, file_name: str) -> str:
    return "t_" + hashlib.sha1(f"{format_name}/{file_name}".encode()).hexdigest()


def stamp(source: str) -> str:
    """What a compiled module's docstring says about the text it was compiled from."""
    return f"jinja2 {jinja2.__version__} sha256:{hashlib.sha256(source.encode()).hexdigest()}"


def compiled_folder() -> Path:
    return Path(str(resources.files("jixiao.templates"))) / COMPILED_FOLDER


def compile_shipped(out: Path, filters: dict, root: Path | None = None) -> list[Path]:
    """Compile every template of every shipped format (root: templates/) into `out`. `filters`:
    report.FILTERS (only their names count: the compiled code looks a filter up when it runs)."""
    root = root or shipped_root()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for folder in sorted(p for p in root.iterdir() if (p / FORMAT_FILE).is_file()):
        env = new_environment([(folder.name, folder)], {k: fn for k, (fn, _) in filters.items()})
        for path in sorted(folder.glob("*" + TEMPLATE_SUFFIX)):
            source = path.read_text("utf-8-sig")
            code = env.compile(source, path.name, str(path), raw=True)
            target = out / (module_name(folder.name, path.name) + ".py")
            target.write_text(f'"""{stamp(source)}"""\n{code}', "utf-8")
            written.append(target)
    return written


def shipped(fm) -> bool:
    """Whether a format (formats/load.py Format) and all it extends are the program's own: checked
    by its tests and compiled when the package is built, so a build need not check them again."""
    root = shipped_root().resolve()
    return all(folder.resolve().parent == root for _, folder in fm.chain)


def _refiled(code: types.CodeType, filename: str) -> types.CodeType:
    """The code with the template's own file as its file name (error messages name the template
    file and line, as with code compiled in memory)."""
    consts = tuple(_refiled(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


class CompiledLoader(FolderLoader):
    """FolderLoader that takes a shipped template's compiled form when there is a current one."""

    def __init__(self, chain: list[tuple[str, Path]], compiled: Path | None = None, root: Path | None = None):
        super().__init__(chain)
        self.compiled = compiled if compiled is not None else compiled_folder()
        self.root = (root or shipped_root()).resolve()

    def _code(self, filename: str, source: str) -> types.CodeType | None:
        path = Path(filename)
        if path.parent.parent.resolve() != self.root:
            return None
        module = self.compiled / (module_name(path.parent.name, path.name) + ".py")
        if not module.is_file():
            return None
        code = SourceFileLoader(module.stem, str(module)).get_code(module.stem)
        if not code or not code.co_consts or code.co_consts[0] != stamp(source):
            return None
        return _refiled(code, filename)

    def load(self, environment, name, globals=None):
        source, filename, uptodate = self.get_source(environment, name)
        code = self._code(filename, source) if self.compiled.is_dir() else None
        if code is None:
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)
