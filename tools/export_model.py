"""Write a pipeline model artefact out as ONNX, torch.export, TorchScript, state_dict, safetensors.

Usage::

    python tools/export_model.py results/models/phase/fcnn/snr10/seed0.h5 out/ \\
        [--formats onnx pt2 ...] [--external-data] [--probe data.h5 --probe-key test/signal]

writes ``out/<stem>.onnx`` (Gemm, transB: as PyTorch exports), ``<stem>_matmul.onnx``
(MatMul + Add), ``<stem>_matlab.onnx`` (opset 8, (1, 1, 1, d) input + Flatten,
initializers as graph inputs; with ``--probe``, a Sub/Div normalisation by the
probe's mean and standard deviation, layer 0 rescaled so the function is unchanged),
``<stem>.pt2``, ``<stem>_script.pt``, ``<stem>_state_dict.pt``, ``<stem>.safetensors``,
and ``<stem>_activations.txt`` (what state_dict / safetensors need in the config).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from descramble.io import read_h5  # noqa: E402
from descramble.models import artefact_layers  # noqa: E402
from descramble.problems.own.export import EXPORTS, activations_of, export  # noqa: E402

NAMES = {"onnx": "{}.onnx", "onnx_matmul": "{}_matmul.onnx", "onnx_matlab": "{}_matlab.onnx",
         "pt2": "{}.pt2", "torchscript": "{}_script.pt", "state_dict": "{}_state_dict.pt",
         "safetensors": "{}.safetensors"}  # fmt: skip


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", help="a pipeline model artefact (results/models/...h5)")
    ap.add_argument("out", help="output folder")
    ap.add_argument("--formats", nargs="+", default=list(EXPORTS), choices=EXPORTS)
    ap.add_argument("--stem", default=None, help="file name stem (default: the model's)")
    ap.add_argument("--external-data", action="store_true", help="ONNX weights in .onnx.data")
    ap.add_argument("--probe", help="HDF5 file whose --probe-key rows set the matlab normalisation")
    ap.add_argument("--probe-key", default="signal")
    args = ap.parse_args(argv)
    import numpy as np

    layers = artefact_layers(read_h5(args.model, require=["layers/0/weight"]))
    stem = args.stem or Path(args.model).stem
    normalise = None
    if args.probe:
        node = read_h5(args.probe, only=[args.probe_key])
        for part in args.probe_key.split("/"):
            node = node[part]
        X = np.asarray(node, dtype=float)
        X = X.reshape(len(X), -1)
        normalise = (X.mean(axis=0), X.std(axis=0) + 1e-12)
    out = Path(args.out)
    for fmt in args.formats:
        path = out / NAMES[fmt].format(stem)
        export(layers, path, fmt, external_data=args.external_data and fmt.startswith("onnx"),
               normalise=normalise if fmt == "onnx_matlab" else None)  # fmt: skip
        print(path)
    (out / f"{stem}_activations.txt").write_text(" ".join(activations_of(layers)) + "\n")


if __name__ == "__main__":
    main()
