"""README is the entry point: its stages table matches the rules and scripts; links resolve."""

import ast
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# what every script may use besides the table's calls: reading/writing artefacts, the job's
# logging and threads, its seeds
WIRING = {"io", "runtime", "rng"}
NOT_YET: set[str] = set()


def _rules():
    """``{rule: script}`` from workflow/rules/*.smk."""
    out = {}
    for f in sorted((ROOT / "workflow" / "rules").glob("*.smk")):
        # rules and checkpoints, also those indented under an ``if`` (optional stages)
        head = r"^[ \t]*(?:rule|checkpoint) "
        for m in re.finditer(head + r"(\w+):\n(.*?)(?=" + head + r"|\Z)", f.read_text(),
                             re.M | re.S):  # fmt: skip
            script = re.search(r'script:\n\s+"\.\./scripts/(\w+)\.py"', m.group(2))
            out[m.group(1)] = script.group(1) if script else None
    return out


def _table():
    """``{rule: [called names]}`` from the README's stages table."""
    section = README.split("## Stages", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rule = re.match(r"`(\w+)`", cells[0]).group(1)
            assert rule not in rows, f"{rule} twice in the README's stages table"
            rows[rule] = re.findall(r"`([\w.]+)`", cells[1])
    return rows


def _imports(script):
    """``descramble`` names a script imports, as ``module.name`` relative to the package."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / "workflow/scripts" / f"{script}.py").read_text())):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.module == "descramble":  # from descramble import theorems: a module
            names |= {a.name for a in node.names if a.name not in WIRING}
        elif (node.module or "").startswith("descramble."):
            mod = node.module.removeprefix("descramble.")
            if mod not in WIRING:
                names |= {f"{mod}.{a.name}" for a in node.names if not a.name.isupper()}
    return names


def _resolves(dotted):
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("descramble." + ".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return True
    return False


def test_every_rule_is_in_the_stages_table_once_and_nothing_else():
    rules, table = _rules(), _table()
    assert set(table) == set(rules), (set(rules) - set(table), set(table) - set(rules))


def test_each_rule_calls_what_the_table_says_and_nothing_more():
    rules, table = _rules(), _table()
    for rule, calls in table.items():
        script = rules[rule]
        assert (ROOT / "workflow/scripts" / f"{script}.py").is_file(), rule
        for name in calls:
            assert _resolves(name), f"{rule}: {name} is no descramble name"
        imported = _imports(script)
        for name in imported:  # every library import is named in the table
            assert any(c == name or c.startswith(name + ".") for c in calls), (rule, name)
        for c in calls:  # every name in the table is imported (the interface through problem())
            reached = "problems.problem" in imported and c.startswith("problems.base.Problem.")
            assert reached or any(c == i or c.startswith(i + ".") for i in imported), (rule, c)


def test_readme_is_short_and_every_linked_doc_exists():
    assert len(README.splitlines()) < 200
    docs = [ROOT / "README.md", *ROOT.glob("docs/*.md"), ROOT / "config/README.md",
            ROOT / "tests/README.md", ROOT / "profiles/slurm/README.md"]  # fmt: skip
    for doc in docs:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text()):
            if "://" in target:
                continue
            path = (doc.parent / target).resolve()
            if str(path.relative_to(ROOT)) in NOT_YET:
                continue
            assert path.exists(), f"{doc.relative_to(ROOT)} links to missing {target}"


def test_report_has_its_front_page():
    snakefile = (ROOT / "Snakefile").read_text()
    assert re.search(r'^report: "workflow/report/workflow.rst"', snakefile, re.M)
    assert (ROOT / "workflow/report/workflow.rst").is_file()
