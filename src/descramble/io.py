"""HDF5 artefacts: atomic writes with provenance, and checked reads.

Every artefact carries a root attribute ``provenance`` (JSON): schema name
and version, the params that made it, the seed, the package version, the git
commit when known, the SLURM job id when run under SLURM, and the creation
time. Files are written under a temporary name in the same directory and
renamed when complete, so a killed job never leaves a file that looks whole.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import subprocess
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

from . import __version__

SCHEMA_VERSION = 1


class ArtefactError(RuntimeError):
    """A required artefact is missing, truncated or corrupt."""


def _git_commit():
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def provenance(schema, params, seed=None, execution=None):
    """Build the provenance record stored with every artefact.

    Parameters
    ----------
    schema : str
        Artefact kind, e.g. ``"biexp-data"``.
    params : dict
        The config slice (JSON-serialisable) that made the artefact.
    seed : int, optional
    execution : dict, optional
        Where and how the job ran (device, threads, training loop): recorded
        for the reader, but not part of what made the result, so Snakemake
        does not track it (it is not in any rule's ``params``).

    Returns
    -------
    dict
    """
    return {
        "schema": schema,
        "schema_version": SCHEMA_VERSION,
        "params": params,
        "seed": seed,
        "execution": execution or {},
        "package_version": __version__,
        "git_commit": _git_commit(),
        "slurm_job_id": os.environ.get("SLURM_JOB_ID"),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(),
    }


def _put(group, name, value):
    if value is None:  # an absent optional result: no dataset
        return
    if isinstance(value, dict):
        sub = group.require_group(name)
        for k, v in value.items():
            _put(sub, str(k), v)
    elif isinstance(value, str):
        group.create_dataset(name, data=np.bytes_(value))
    else:
        group.create_dataset(name, data=np.asarray(value))


@contextlib.contextmanager
def atomic_h5(path):
    """Open ``path`` for writing under a temporary name; rename on success.

    On any exception the temporary file is removed and nothing appears at
    ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with h5py.File(tmp, "w") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_h5(path, arrays, schema, params, seed=None, attrs=None, execution=None):
    """Write a nested dict of arrays to ``path`` atomically, with provenance.

    Parameters
    ----------
    path : str or Path
    arrays : dict
        ``{name: array or dict}``; nested dicts become groups (keys as
        strings), strings become byte strings, ``None`` values are skipped.
    schema : str
    params : dict
    seed : int, optional
    attrs : dict, optional
        ``{"group/path": {attr: value}}`` extra attributes ("" for the root).
    execution : dict, optional
        Execution settings for the provenance (see :func:`provenance`).
    """
    with atomic_h5(path) as f:
        record = provenance(schema, params, seed, execution)
        f.attrs["provenance"] = json.dumps(record, sort_keys=True)
        for k, v in arrays.items():
            _put(f, k, v)
        for where, kv in (attrs or {}).items():
            obj = f[where] if where else f
            for k, v in kv.items():
                obj.attrs[k] = v


def _read_group(g):
    out = {}
    for k, v in g.items():
        out[k] = _read_group(v) if isinstance(v, h5py.Group) else v[()]
    return out


def _read_only(f, keys, rows):
    """Just the named datasets (or whole groups), nested like :func:`_read_group`; ``rows`` cuts
    2-D+ datasets named directly."""
    out = {}
    for key in keys:
        ds = f[key]
        if isinstance(ds, h5py.Group):
            value = _read_group(ds)
        else:
            value = ds[:rows] if rows is not None and ds.ndim >= 2 else ds[()]
        *groups, name = key.split("/")
        node = out
        for grp in groups:
            node = node.setdefault(grp, {})
        node[name] = value
    return out


def read_h5(path, require=(), only=None, rows=None):
    """Read an artefact into a nested dict, failing clearly when it is bad.

    Parameters
    ----------
    path : str or Path
    require : iterable of str
        Dataset paths that must exist (e.g. ``"train/signal"``).
    only : iterable of str, optional
        Read just these datasets (they are required too) instead of the
        whole file: a data artefact at paper scale is ~1 GB, and most
        readers need one array of it.
    rows : int, optional
        With ``only``: read only the first ``rows`` rows of datasets with
        two or more axes (e.g. one sample curve).

    Returns
    -------
    dict
        Nested arrays plus ``"_provenance"`` (dict) and ``"_attrs"``
        (``{group path: {attr: value}}`` for groups that carry attributes;
        ``""`` is the root, provenance excluded).

    Raises
    ------
    ArtefactError
        If the file is missing, unreadable (truncated/corrupt), lacks
        provenance, or lacks a required dataset.
    """
    path = Path(path)
    if not path.exists():
        raise ArtefactError(f"artefact {path} does not exist; run the rule that makes it")
    try:
        with h5py.File(path, "r") as f:
            for key in (*require, *(only or ())):
                if key not in f:
                    raise ArtefactError(f"artefact {path} lacks dataset '{key}'")
            if "provenance" not in f.attrs:
                raise ArtefactError(f"artefact {path} has no provenance attribute")
            data = _read_group(f) if only is None else _read_only(f, only, rows)
            data["_provenance"] = json.loads(f.attrs["provenance"])
            root = {k: v for k, v in f.attrs.items() if k != "provenance"}
            attrs = {"": root} if root else {}

            def visit(name, obj):
                if len(obj.attrs):
                    attrs[name] = dict(obj.attrs)

            f.visititems(visit)
            data["_attrs"] = attrs
    except ArtefactError:
        raise
    except (OSError, KeyError, ValueError) as exc:
        raise ArtefactError(
            f"artefact {path} is unreadable (corrupt or truncated?): {exc}. "
            "Delete it and rerun the rule that makes it."
        ) from exc
    return data


def write_tsv(path, table, columns=None):
    """Write a table as tab-separated text, atomically.

    Parameters
    ----------
    path : str or Path
    table : pandas.DataFrame or iterable of dict
        Rows; dicts may miss keys (empty cells).
    columns : sequence of str, optional
        Column order (and selection); default: the table's own.

    Notes
    -----
    Floats are written with 6 significant digits so tables diff cleanly;
    booleans as ``yes``/``no`` (what a reader of the TSV expects).
    """
    df = table if isinstance(table, pd.DataFrame) else pd.DataFrame(list(table))
    if columns is not None:
        df = df.reindex(columns=list(columns))

    def cell(v):
        if isinstance(v, (bool, np.bool_)):
            return "yes" if v else "no"
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else f"{float(v):.6g}"
        return "" if v is None else str(v)

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        df.map(cell).to_csv(tmp, sep="\t", index=False)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def read_tsv(path):
    """Read a table written by :func:`write_tsv` into a typed DataFrame.

    Numbers come back as numbers, ``yes``/``no`` columns as booleans, empty
    cells as NaN.

    Raises
    ------
    ArtefactError
        If the file is missing or not a table.
    """
    path = Path(path)
    if not path.exists():
        raise ArtefactError(f"table {path} does not exist; run the rule that makes it")
    try:
        return pd.read_csv(path, sep="\t", true_values=["yes"], false_values=["no"])
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ArtefactError(f"table {path} is unreadable: {exc}") from exc
