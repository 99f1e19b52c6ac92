"""Configuration checking against ``config/schema.yaml`` with errors that name the key."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml


class ConfigError(ValueError):
    """The configuration does not satisfy the schema."""


def _where(path):
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "<top level>"


def config(cfg, schema_path):
    """Validate ``cfg`` against the JSON schema in ``schema_path``.

    Parameters
    ----------
    cfg : dict
        The loaded configuration.
    schema_path : str or Path
        YAML file holding a JSON schema (draft 2020-12).

    Returns
    -------
    dict
        ``cfg`` unchanged, when valid.

    Raises
    ------
    ConfigError
        Naming every offending key by its dotted path, e.g.
        ``biexp.snr[0]: 0 is less than or equal to the minimum of 0``.
    """
    schema = yaml.safe_load(Path(schema_path).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(cfg), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = []
        for e in errors:
            where = _where(e.absolute_path)
            if e.validator == "additionalProperties":
                extra = sorted(set(e.instance) - set(e.schema.get("properties", {})))
                where = ", ".join(f"{_where(list(e.absolute_path) + [k])}" for k in extra)
                lines.append(f"unknown config key {where} (not in {schema_path})")
            else:
                lines.append(f"config key {where}: {e.message}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(lines))
    return cfg
