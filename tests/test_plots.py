"""plots.save: one resolution, folders made, the figure closed; every plot module uses it."""

import ast
from pathlib import Path

import matplotlib.image as mpimg
import pytest

from descramble.plots import DPI, plt, save

SRC = Path(__file__).resolve().parents[1] / "src" / "descramble"


def test_save_writes_at_the_one_dpi_and_closes(tmp_path):
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [1, 0])
    path = tmp_path / "a" / "b" / "fig.png"
    n = fig.number
    save(fig, path)
    assert n not in plt.get_fignums()  # closed (figures other tests left open do not count)
    assert mpimg.imread(path).shape[:2] == (1 * DPI, 2 * DPI)  # (rows, columns) in pixels
    assert sorted(p.name for p in path.parent.iterdir()) == ["fig.png"]  # no temporary left


def test_save_leaves_no_file_when_drawing_fails(tmp_path):
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.text(0.5, 0.5, r"$\undefinedcommand$")  # mathtext fails only when the figure is drawn
    n = fig.number
    with pytest.raises(ValueError):
        save(fig, tmp_path / "fig.png")
    assert n not in plt.get_fignums() and list(tmp_path.iterdir()) == []


def test_no_module_saves_a_figure_or_picks_a_backend_itself():
    """savefig and matplotlib.use stand in plots.py alone (a test, not a convention)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path == SRC / "plots.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr in ("savefig", "use"):
                if node.attr == "savefig" or getattr(node.value, "id", "") == "matplotlib":
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
