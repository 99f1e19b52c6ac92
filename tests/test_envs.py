"""The conda environment and pyproject.toml pin the same versions."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_pins():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {}
    for d in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][^;\s]*)", d.strip())
        assert m, f"pyproject dependency {d!r} is not pinned with =="
        pins[m.group(1).lower()] = m.group(2)
    return pins


def _conda_pins(path):
    env = yaml.safe_load(path.read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep.get("pip", []):
                name, _, ver = p.partition("==")
                pins[name.lower()] = ver
        else:
            name, _, ver = dep.partition("=")
            pins[name.lower()] = ver.lstrip("=")
    return pins


def test_every_env_pins_the_project_dependencies_identically():
    want = _pyproject_pins()
    envs = sorted((ROOT / "envs").glob("*.yaml"))
    assert envs
    for env in envs:
        have = _conda_pins(env)
        for name, ver in want.items():
            assert have.get(name) == ver, f"{env.name}: {name} {have.get(name)} != pyproject {ver}"


def test_every_rule_names_an_existing_env():
    text = "\n".join(p.read_text() for p in (ROOT / "workflow" / "rules").glob("*.smk"))
    # rules and checkpoints, also those indented under an ``if`` (optional stages)
    n_rules = len(re.findall(r"^(\s*)(?:rule|checkpoint) \w+:", text, flags=re.M))
    n_conda = len(re.findall(r"^\s+conda:\n\s+ENV$", text, flags=re.M))
    assert n_rules == n_conda > 0
    assert (ROOT / "envs" / "descramble.yaml").exists()
