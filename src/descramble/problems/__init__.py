"""Problems: the science of one inverse problem each.

A problem is a subpackage ``descramble.problems.<name>`` holding an
``interface`` module and its science (forward model, prior, noise, network
inputs and targets, its own analyses), plus a config section ``<name>:`` and,
if it needs any, its own rules ``workflow/rules/<name>.smk``. Problems are
found by looking for such subpackages; no list names them. Shared
stages (synthesize, train, descramble, figures, claims) never branch on a
problem's name; they ask the problem's interface, through the names below,
for what differs.

The interface is ``PROBLEM`` in the ``interface`` module: an instance of a
subclass of :class:`descramble.problems.base.Problem`, which implements
every name below for a problem whose data artefact holds per split an input
dataset (``signal``) and a target dataset (``params``), and which a problem
overrides only where it differs. An ``interface`` module without
``PROBLEM`` is the interface itself (its module-level names are used):

``ARCHS``
    Tuple of the architecture (input representation) names it trains.
``extra_inputs(arch)``
    ``{name: path pattern}`` of artefacts besides the data that the
    network's inputs are built from (``{snr}``, ``{seed}`` placeholders).
``synthesize(snr, seed, params)``
    The data artefact's arrays for one (snr, seed) from the ``data`` slice.
``inputs(arch, files, splits, rows=None)``
    ``{split: X (N, d) float32}``: network inputs read from the artefacts
    ``files`` (``{"data": path, **extra}``).
``targets(files, splits)``
    ``{split: Y (N, k)}``.
``network(arch, train)``
    Keyword arguments of :func:`descramble.train.train` for ``arch`` from the
    ``train`` slice (hidden widths, activations, optimiser, schedule).
``probe_settings(section, arch)`` and ``fresh_inputs(snr, n, seed, arch, settings)``
    The config slice an ``snr<value>`` probe depends on, and ``n`` fresh
    network inputs at that SNR.
``theorem_signals(data)``
    ``make_signals(N, rng) -> (d, N)`` clean network inputs, for the theorem
    checks of Sule et al. (their Theorem 2 adds noise to these).
``LOSS_LABEL``
    What the training loss is, with units (figure axis label).

A problem whose networks are not trained by the shared loop (full-batch
gradient descent on linear networks, classifiers) sets ``SHARED_STAGES =
False`` in its interface: the shared stages then make nothing for it, and
its rule file synthesises, trains and analyses with the shared machinery
(io, runtime, svd, descramblers, claims), adding its claim fragments to
``CLAIMS`` and its targets to ``TARGETS``. Such an interface needs only
``SHARED_STAGES``; the names above are for problems that use the shared
stages.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

# every subpackage with an interface module is a problem: adding one edits no shared code
NAMES = tuple(
    sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.ispkg and (Path(__file__).parent / m.name / "interface.py").is_file()
    )
)


def problem(name):
    """The interface of problem ``name``: ``PROBLEM`` of its ``interface`` module, or the module.

    Parameters
    ----------
    name : str

    Returns
    -------
    descramble.problems.base.Problem or module

    Raises
    ------
    ValueError
        If no such problem exists.
    """
    if name not in NAMES:
        raise ValueError(f"unknown problem {name!r}; known problems: {', '.join(NAMES)}")
    module = importlib.import_module(f"{__name__}.{name}.interface")
    return getattr(module, "PROBLEM", module)
