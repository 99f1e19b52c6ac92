"""Bring your own network: descramble and explain a network trained elsewhere (issue 15).

A problem without shared stages (``SHARED_STAGES = False``): its config
section ``own:`` names the user's model files and probe signals, and
``workflow/rules/own.smk`` imports, descrambles, tabulates and plots them.
The same functions serve notebooks::

    from descramble.problems import own
    net = own.load_network("model.onnx")                # or .pt2 / .pt / .pth / .safetensors
    X, info = own.load_probe("probe.mat", net.n_inputs, key="X")
    res = own.descramble(net, X, layer=0, criterion="fourier")
    res["P"], res["objective"], res["bound"], res["certified"]

See docs/own.md.
"""

from .api import certificate_tolerance, check_layer, descramble, load_network, verify
from .chain import Network, OwnInputError, forward
from .formats import FORMATS, detect_format, sha256
from .probes import load_probe, noise_probe, read_probe

__all__ = [
    "FORMATS",
    "Network",
    "OwnInputError",
    "certificate_tolerance",
    "check_layer",
    "descramble",
    "detect_format",
    "forward",
    "load_network",
    "load_probe",
    "noise_probe",
    "read_probe",
    "sha256",
    "verify",
]
