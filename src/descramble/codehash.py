"""Fingerprints of the library code a rule runs, so that a code fix reruns exactly its jobs.

Snakemake reruns a job when its rule's script changes, but it does not see
the library the script imports: an edit to ``descramble/descramblers`` would
leave every descrambler artefact "up to date". Each rule therefore carries a
``code`` param: a hash of every ``descramble`` module its script can import,
followed transitively through the library's own imports. Editing a module
changes the hash of exactly the rules that (directly or indirectly) import
it, and Snakemake's params trigger reruns those jobs and nothing else.

The hash is taken over each module's syntax tree with docstrings removed, so
comments, formatting and docstrings do not count as code changes.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from pathlib import Path

PACKAGE = "descramble"
ROOT = Path(__file__).resolve().parent  # src/descramble


def _module_file(name):
    """The source file of module ``descramble.x.y``, or None if it is no module of ours."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = ROOT.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _parents(name):
    """``a.b.c`` -> ``a``, ``a.b``: packages whose ``__init__`` runs on import."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _imports(tree, name, is_package):
    """Absolute names of the ``descramble`` modules a module's syntax tree imports."""
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.append(mod)
            # ``from pkg import sub`` may import a submodule
            found += [f"{mod}.{a.name}" for a in node.names]
    return [m for m in found if _module_file(m) is not None]


def _strip_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return tree


def _normalised(path):
    return ast.dump(_strip_docstrings(ast.parse(Path(path).read_text())))


def modules(script, *extra):
    """Every ``descramble`` module a script (and ``extra`` modules) can import, sorted.

    Parameters
    ----------
    script : str or Path
        A rule script (or any Python file).
    *extra : str
        Modules imported dynamically (e.g. ``descramble.problems.biexp``
        reached through :func:`descramble.problems.problem`).

    Returns
    -------
    list of str
    """
    seen = set()
    todo = _imports(ast.parse(Path(script).read_text()), "__script__", False) + list(extra)
    while todo:
        name = todo.pop()
        if name in seen or _module_file(name) is None:
            continue
        seen.add(name)
        path = _module_file(name)
        todo += _parents(name)
        todo += _imports(ast.parse(path.read_text()), name, path.name == "__init__.py")
    return sorted(seen)


@functools.lru_cache(maxsize=None)
def code_hash(script, *extra):
    """Hash of the library code a rule script runs (see module docstring).

    Parameters
    ----------
    script : str
        Path of the rule script.
    *extra : str
        Dynamically imported modules to include.

    Returns
    -------
    str
        16 hex digits.
    """
    h = hashlib.sha256()
    for name in modules(script, *extra):
        h.update(name.encode() + b"\0" + _normalised(_module_file(name)).encode() + b"\0")
    return h.hexdigest()[:16]
