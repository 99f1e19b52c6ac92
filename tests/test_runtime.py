"""Rule jobs run with the threads their rule declares, measured in the running process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from descramble.runtime import THREAD_VARIABLES

ROOT = Path(__file__).resolve().parents[1]

# A rule script's order: numpy (OpenBLAS) is loaded before runtime() is entered; torch is loaded
# before it (train_network) or after it (a job that imports it lazily). The child reports the
# thread count of every pool threadpoolctl finds and torch's, before and inside the job.
CHILD = """
import json, sys, types
sys.path.insert(0, {src!r})
import numpy
{torch_before}
from threadpoolctl import threadpool_info
from descramble.runtime import runtime

def counts():
    return {{i["internal_api"] + ":" + i["filepath"]: i["num_threads"] for i in threadpool_info()}}

before = counts()
smk = types.SimpleNamespace(threads={threads}, log=[], wildcards={{}}, output=[])
with runtime(smk, "thread_test"):
    import torch
    torch.ones(64, 64) @ torch.ones(64, 64)  # torch's OpenMP pool is up and listed
    print(json.dumps({{"before": before, "inside": counts(), "torch": torch.get_num_threads()}}))
"""


def _measure(threads, torch_before):
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    code = CHILD.format(src=str(ROOT / "src"), threads=threads,
                        torch_before="import torch" if torch_before else "")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=120, check=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: 1 thread is every default")
@pytest.mark.parametrize("torch_before", [False, True], ids=["torch-after", "torch-before"])
def test_a_job_runs_with_its_rule_threads_in_every_pool(torch_before):
    m = _measure(1, torch_before)
    # numpy's BLAS was loaded with the machine's default (more than 1 here): the limit has work
    # to do, and setting environment variables after the load would leave it undone
    blas = [k for k in m["before"] if k.startswith(("openblas", "mkl"))]
    assert blas, m
    assert max(m["before"][k] for k in blas) > 1, m
    assert m["inside"], m
    assert all(n == 1 for n in m["inside"].values()), m["inside"]
    assert m["torch"] == 1


def test_two_threads_are_two_in_blas_and_torch():
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: BLAS caps its pool at the core count")
    m = _measure(2, torch_before=False)
    blas = {k: n for k, n in m["inside"].items() if k.startswith(("openblas", "mkl"))}
    assert blas and all(n == 2 for n in blas.values()), m["inside"]
    assert m["torch"] == 2
