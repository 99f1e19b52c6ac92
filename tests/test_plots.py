"""plots.save: one resolution, folders made, the figure closed; every plot module uses it."""

import ast
from pathlib import Path

import matplotlib.image as mpimg

from descramble.plots import DPI, plt, save

SRC = Path(__file__).resolve().parents[1] / "src" / "descramble"


def test_save_writes_at_the_one_dpi_and_closes(tmp_path):
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [1, 0])
    path = tmp_path / "a" / "b" / "fig.png"
    save(fig, path)
    assert plt.get_fignums() == []
    assert mpimg.imread(path).shape[:2] == (1 * DPI, 2 * DPI)  # (rows, columns) in pixels


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
