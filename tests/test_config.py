import copy
from pathlib import Path

import pytest
import yaml

from descramble.config import ConfigError, config

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "config" / "schema.yaml"


@pytest.fixture
def cfg():
    return yaml.safe_load((ROOT / "config" / "config.yaml").read_text())


@pytest.mark.parametrize("name", ["config.yaml", "paper.yaml"])
def test_shipped_configs_are_valid(name):
    config(yaml.safe_load((ROOT / "config" / name).read_text()), SCHEMA)


def test_tiny_config_is_valid():
    config(yaml.safe_load((ROOT / "tests" / "data" / "tiny.yaml").read_text()), SCHEMA)


def test_unknown_key_is_named(cfg):
    bad = copy.deepcopy(cfg)
    bad["biexp"]["train"]["epohcs"] = 3
    with pytest.raises(ConfigError, match=r"unknown config key biexp\.train\.epohcs"):
        config(bad, SCHEMA)


@pytest.mark.parametrize("snr", [0, -5])
def test_nonpositive_snr_is_named(cfg, snr):
    bad = copy.deepcopy(cfg)
    bad["biexp"]["snr"] = [30, snr]
    with pytest.raises(ConfigError, match=r"biexp\.snr\[1\]: .*minimum of 0"):
        config(bad, SCHEMA)


def test_wrong_type_is_named(cfg):
    bad = copy.deepcopy(cfg)
    bad["biexp"]["data"]["n_train"] = "many"
    with pytest.raises(ConfigError, match=r"biexp\.data\.n_train: 'many' is not of type 'integer'"):
        config(bad, SCHEMA)


def test_every_schema_property_has_a_description():
    schema = yaml.safe_load(SCHEMA.read_text())
    missing = []

    def walk(node, where):
        for k, v in node.get("properties", {}).items():
            if "description" not in v:
                missing.append(f"{where}{k}")
            walk(v, f"{where}{k}.")

    walk(schema, "")
    assert missing == []
