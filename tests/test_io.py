import h5py
import numpy as np
import pytest

from descramble.io import ArtefactError, read_h5, read_tsv, write_h5, write_tsv


def test_provenance_round_trip(tmp_path):
    path = tmp_path / "a" / "x.h5"
    arrays = {"t": np.linspace(0, 1, 5), "train": {"signal": np.arange(6.0).reshape(2, 3)}}
    params = {"data": {"n_train": 2, "c": [0.6, 0.4]}, "snr": 30.0}
    write_h5(path, arrays, "test-schema", params, seed=7, attrs={"train": {"kind": "noisy"}})
    d = read_h5(path, require=["t", "train/signal"])
    np.testing.assert_array_equal(d["t"], arrays["t"])
    np.testing.assert_array_equal(d["train"]["signal"], arrays["train"]["signal"])
    prov = d["_provenance"]
    assert prov["params"] == params
    assert prov["seed"] == 7
    assert prov["schema"] == "test-schema"
    assert prov["package_version"] == "0.1.0"
    assert "created" in prov
    assert d["_attrs"]["train"]["kind"] == "noisy"
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_failed_write_leaves_nothing(tmp_path):
    path = tmp_path / "x.h5"

    class Boom:
        def __array__(self, *a, **k):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        write_h5(path, {"a": np.ones(3), "b": Boom()}, "s", {})
    assert list(tmp_path.iterdir()) == []


def test_missing_truncated_and_incomplete_artefacts_are_named(tmp_path):
    with pytest.raises(ArtefactError, match="does not exist"):
        read_h5(tmp_path / "nope.h5")
    good = tmp_path / "good.h5"
    write_h5(good, {"a": np.ones(1000)}, "s", {})
    bad = tmp_path / "bad.h5"
    bad.write_bytes(good.read_bytes()[:500])
    with pytest.raises(ArtefactError, match=r"bad\.h5 is unreadable"):
        read_h5(bad)
    with pytest.raises(ArtefactError, match="lacks dataset 'b'"):
        read_h5(good, require=["b"])
    noprov = tmp_path / "noprov.h5"
    with h5py.File(noprov, "w") as f:
        f["a"] = 1
    with pytest.raises(ArtefactError, match="no provenance"):
        read_h5(noprov)


def test_tsv_round_trip(tmp_path):
    rows = [{"a": "x", "b": 0.123456789, "c": True}, {"a": "y", "b": 2, "c": False}]
    write_tsv(tmp_path / "t.tsv", rows, ["a", "b", "c"])
    assert (tmp_path / "t.tsv").read_text() == "a\tb\tc\nx\t0.123457\tyes\ny\t2\tno\n"
    back = read_tsv(tmp_path / "t.tsv")
    assert list(back["a"]) == ["x", "y"] and back["c"].dtype == bool
    assert back["b"].dtype == float and back["b"].tolist() == [0.123457, 2.0]
    assert back["c"].tolist() == [True, False]
    with pytest.raises(ArtefactError, match="does not exist"):
        read_tsv(tmp_path / "missing.tsv")


def test_selective_read_takes_only_the_named_datasets_and_rows(tmp_path):
    path = tmp_path / "x.h5"
    big = np.arange(40.0).reshape(10, 4)
    write_h5(path, {"t": np.arange(4.0), "train": {"signal": big, "params": big[:, :2]}}, "s", {})
    d = read_h5(path, only=["t", "train/signal"], rows=3)
    np.testing.assert_array_equal(d["train"]["signal"], big[:3])
    np.testing.assert_array_equal(d["t"], np.arange(4.0))  # 1-D: never cut
    assert "params" not in d["train"] and d["_provenance"]["schema"] == "s"
    with pytest.raises(ArtefactError, match="lacks dataset 'val/signal'"):
        read_h5(path, only=["val/signal"])


def test_nested_results_with_strings_and_absent_values(tmp_path):
    path = tmp_path / "r.h5"
    res = {"fit": {1: {"r2": 0.5}, 2: {"r2": 0.75}}, "orientation": "time", "aligned": None}
    write_h5(path, res, "s", {})
    d = read_h5(path)
    assert d["fit"]["1"]["r2"] == 0.5 and d["fit"]["2"]["r2"] == 0.75  # int keys as strings
    assert d["orientation"] == b"time" and "aligned" not in d
