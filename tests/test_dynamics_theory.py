"""Known answers of the linear-dynamics theory: Saxe's sigmoid and Pinson's CNN trajectories."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from descramble.problems.dynamics.datasets import make_dataset
from descramble.problems.dynamics.gd import init_params, train
from descramble.problems.dynamics.linear_nets import loss_and_gradients
from descramble.problems.dynamics.structure import io_structure
from descramble.problems.dynamics.theory import (
    crossing,
    logistic_rate,
    predict_modes,
    saxe_trajectory,
    start_matched_a0,
)

N4 = {"size": 4, "freqs": [[0, 0], [1, 2], [0, 2]], "amps": [1.2, 1.0, 0.6]}


def test_saxe_closed_form_solves_the_logistic_ode():
    s, a0, tau = 1.7, 1e-3, 20.0
    t = np.linspace(0, 150, 301)
    sol = solve_ivp(lambda _, a: 2 / tau * a * (s - a), (0, 150), [a0], t_eval=t,
                    rtol=1e-12, atol=1e-15, method="DOP853")  # fmt: skip
    assert np.max(abs(sol.y[0] - saxe_trajectory(t, s, a0, tau))) < 1e-9
    # it rises from a0 to s, through s/2 at t = tau/(2s) ln(s/a0 - 1)
    assert saxe_trajectory(0, s, a0, tau) == pytest.approx(a0)
    t_half = tau / (2 * s) * np.log(s / a0 - 1)
    assert saxe_trajectory(t_half, s, a0, tau) == pytest.approx(s / 2)


def _flow(net, d, st, n, lr, t_end):
    """Gradient flow dtheta/dt = -lr grad L of the full network, integrated tightly."""
    params = init_params(net, st, n, "aligned", 1e-2, np.random.default_rng(3))
    keys = list(params)
    shapes = [params[k].shape for k in keys]
    sizes = [params[k].size for k in keys]

    def unpack(z):
        parts = np.split(z, np.cumsum(sizes)[:-1])
        return {k: p.reshape(sh) for k, p, sh in zip(keys, parts, shapes, strict=True)}

    def rhs(_, z):
        _, g, _ = loss_and_gradients(net, unpack(z), d["X"], d["Y"], n)
        return -lr * np.concatenate([g[k].ravel() for k in keys])

    t = np.linspace(0, t_end, 201)
    z0 = np.concatenate([params[k].ravel() for k in keys])
    sol = solve_ivp(rhs, (0, t_end), z0, t_eval=t, rtol=1e-10, atol=1e-13, method="DOP853")
    A = []
    for z in sol.y.T:
        _, _, Y_hat = loss_and_gradients(net, unpack(z), d["X"], d["Y"], n)
        A.append(np.diag(st["U"].T @ (Y_hat.T @ d["X"] @ st["V"]) / len(d["X"])))
    return t, np.array(A)


@pytest.mark.parametrize("net", ["fcnn", "cnn"])
def test_full_gradient_flow_follows_the_closed_form(net):
    d = make_dataset("pure_cosines", N4)
    st = io_structure(d["X"], d["Y"], 4)
    lr = 1.0 if net == "fcnn" else 0.25
    t, A = _flow(net, d, st, 4, lr, 40.0)
    # the closed form on a continuous grid: predict_modes evaluates integer steps, so scale time
    th = predict_modes(net, st["s"], st["gamma"], 4, lr * t[1], len(t) - 1, A[0])
    assert np.all(A[-1] > 0.99 * st["s"])  # every mode learned: the comparison spans the sigmoids
    assert np.max(abs(A - th) / st["s"]) < 1e-6


def test_cnn_modes_are_delayed_by_gamma():
    # the speed of each CNN mode relative to lr n is its dominant |vec-2D DFT| coefficient
    d = make_dataset("pure_cosines", N4)
    st = io_structure(d["X"], d["Y"], 4)
    np.testing.assert_allclose(st["gamma"], [1, 2**-0.5, 1], atol=1e-12)


def test_gd_approaches_theory_at_first_order_in_lr():
    d = make_dataset("pure_cosines", N4)
    st = io_structure(d["X"], d["Y"], 4)
    devs = []
    for lr, steps in ((0.01, 1500), (0.005, 3000)):
        out = train(
            "fcnn", d["X"], d["Y"], 4, st, lr, steps, "aligned", 1e-2, np.random.default_rng(3)
        )
        th = predict_modes("fcnn", st["s"], st["gamma"], 4, lr, steps, out["modes"][0])
        devs.append(np.max(abs(out["modes"] - th) / st["s"]))
    assert devs[0] < 0.03  # a defensible tolerance at small lr ...
    assert 1.7 < devs[0] / devs[1] < 2.3  # ... because the error is first order in lr


def test_logistic_rate_and_start_matching_recover_a_sigmoid():
    s, a0, tau = 0.8, 1e-4, 50.0
    x = saxe_trajectory(np.arange(3000), s, a0, tau)
    assert logistic_rate(x, s) == pytest.approx(1 / tau, rel=1e-9)
    assert crossing(x, s / 2) == pytest.approx(tau / (2 * s) * np.log(s / a0 - 1), abs=1e-3)
    # the start-matched a0 of an exact sigmoid is its own a0 (to the interpolation error)
    a0_hat = start_matched_a0(x[:, None], np.array([s]), np.array([1 / tau]))
    assert a0_hat[0] == pytest.approx(a0, rel=1e-3)
    assert np.isnan(logistic_rate(np.full(10, 0.01), s))
