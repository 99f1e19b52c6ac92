"""The one sign convention for singular vectors (descramble.svd), and who uses it."""

import re
from pathlib import Path

import numpy as np

from descramble.svd import column_signs, fix_signs, svd

ROOT = Path(__file__).resolve().parents[1]


def test_largest_entry_of_every_column_is_positive():
    rng = np.random.default_rng(0)
    V = rng.standard_normal((9, 5))
    F = fix_signs(V)
    assert np.all(F[np.argmax(np.abs(F), axis=0), np.arange(5)] > 0)
    np.testing.assert_array_equal(np.abs(F), np.abs(V))  # only signs change
    np.testing.assert_array_equal(fix_signs(-V), F)  # either sign in, one sign out


def test_ties_take_the_first_entry_and_zero_columns_keep_plus_one():
    V = np.array([[-2.0, 0.0], [2.0, 0.0], [1.0, 0.0]])
    np.testing.assert_array_equal(column_signs(V), [-1.0, 1.0])


def test_svd_fixes_right_vectors_and_keeps_the_product():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((6, 10))
    U, S, Vt = svd(W)
    np.testing.assert_allclose(U * S @ Vt, W, atol=1e-12)
    np.testing.assert_array_equal(column_signs(Vt.T), np.ones(len(S)))
    np.testing.assert_allclose(U.T @ U, np.eye(len(S)), atol=1e-12)


# Places written before the convention was shared; none left.
NOT_YET: set[str] = set()


def test_no_other_module_writes_the_sign_convention_again():
    pattern = re.compile(r"np\.sign\([^\n]*argmax|argmax\(np\.abs\([^\n]*\n[^\n]*np\.sign\(")
    found = set()
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "workflow/scripts").glob("*.py")]:
        rel = str(path.relative_to(ROOT))
        if rel != "src/descramble/svd.py" and pattern.search(path.read_text()):
            found.add(rel)
    assert found <= NOT_YET, found - NOT_YET
