"""SymPy proofs of 000 §4 eq. (4) and App. B.3 eqs. (5)-(8) and the Hessian blocks.

Each printed matrix form is evaluated at the concrete settings of ``zigan.SETTINGS`` and compared
with SymPy's derivative of the element-wise loss (NOTE: [matrix forms], NOTE: [block layout]).
"""

import dataclasses

import numpy as np
import pytest
import sympy as sp

from zigan_verify.checks import derivatives
from zigan_verify.claims import Status, get_claim, registry
from zigan_verify.game.symbolic import zigan, zigan_forms
from zigan_verify.game.symbolic._forms import Entry, latex
from zigan_verify.testing.tolerances import TOL

BLOCKS = [
    pytest.param("g", "000.B3.eq5", marks=pytest.mark.claim("000.B3.eq5"), id="g"),
    pytest.param("theta", "000.B3.eq6", marks=pytest.mark.claim("000.B3.eq6"), id="theta"),
    pytest.param("w", "000.B3.eq7", marks=pytest.mark.claim("000.B3.eq7"), id="w"),
    pytest.param("A", "000.B3.eq8", marks=pytest.mark.claim("000.B3.eq8"), id="A"),
    pytest.param("H_gg", "000.B3.H_gg", marks=pytest.mark.claim("000.B3.H_gg"), id="H_gg"),
    pytest.param(
        "H_gtheta", "000.B3.H_gtheta", marks=pytest.mark.claim("000.B3.H_gtheta"), id="H_gtheta"
    ),
    pytest.param(
        "H_thetatheta",
        "000.B3.H_thetatheta",
        marks=pytest.mark.claim("000.B3.H_thetatheta"),
        id="H_thetatheta",
    ),
    pytest.param("H_gw", "000.B3.H_gw", marks=pytest.mark.claim("000.B3.H_gw"), id="H_gw"),
    pytest.param("H_gA", "000.B3.H_gA", marks=pytest.mark.claim("000.B3.H_gA"), id="H_gA"),
    pytest.param("H_ww", "000.B3.H_ww", marks=pytest.mark.claim("000.B3.H_ww"), id="H_ww"),
    pytest.param("H_wA", "000.B3.H_wA", marks=pytest.mark.claim("000.B3.H_wA"), id="H_wA"),
    pytest.param("H_AA", "000.B3.H_AA", marks=pytest.mark.claim("000.B3.H_AA"), id="H_AA"),
    pytest.param(
        "H_wtheta", "000.B3.H_wtheta", marks=pytest.mark.claim("000.B3.H_wtheta"), id="H_wtheta"
    ),
    pytest.param(
        "H_Atheta", "000.B3.H_Atheta", marks=pytest.mark.claim("000.B3.H_Atheta"), id="H_Atheta"
    ),
]


def test_block_list_covers_every_block():
    assert sorted(p.values[0] for p in BLOCKS) == sorted(zigan.BLOCK_NAMES)


def test_settings_exercise_every_index():
    # Every size reaches 2 in some setting, and r >= 2 where d2, m >= 2 too (the last setting).
    for axis in range(5):
        assert max(d[axis] for d in zigan.SETTINGS) >= 2
    assert any(min(d) >= 2 for d in zigan.SETTINGS)


@pytest.mark.parametrize(("name", "claim_id"), BLOCKS)
def test_printed_block_matches_registered_status(name, claim_id):
    """App. B.3: the printed form is exact (verified) or, for errata, only the correction is."""
    printed = zigan.prove(name, "printed")
    corrected = zigan.prove(name, "corrected")
    assert corrected.equal, corrected.failures
    if get_claim(claim_id).status is Status.ERRATUM:
        assert not printed.equal
    else:
        assert get_claim(claim_id).status is Status.VERIFIED
        assert printed.equal, printed.failures


@pytest.mark.parametrize(("name", "claim_id"), BLOCKS)
def test_general_loss_block(name, claim_id):
    """Our generalisation of each App. B.3 block to any loss l (JS-GAN: logistic l)."""
    proof = zigan.prove(name, "general")
    assert proof.equal, proof.failures


@pytest.mark.claim("000.B3.H_wtheta")
def test_wtheta_erratum_is_a_transpose():
    """App. B.3: printed ∇²_{wθ_j} f is the transpose of column j of the derived block."""
    printed = zigan.matrix_forms("printed")["H_wtheta"]
    for dims in zigan.SETTINGS:
        derived = zigan.derive(dims)["H_wtheta"]
        ctx = zigan.instance(dims).context()
        for col in range(dims.m):
            from zigan_verify.game.symbolic._forms import explicit

            row = explicit(printed.rhs, ctx, {zigan_forms.j: col})
            assert row.shape == (1, dims.r)
            assert sp.expand(row.T - derived[:, col]) == sp.zeros(dims.r, 1)


@pytest.mark.claim("000.B3.H_gg")
@pytest.mark.claim("000.B3.H_gw")
@pytest.mark.claim("000.B3.H_AA")
@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        pytest.param("H_gg", lambda e: sp.MatMul(-1, e), id="sign-flipped"),
        pytest.param("H_gw", lambda e: sp.MatMul(2, e), id="factor-2"),
        pytest.param(
            "H_AA",
            lambda e: e.xreplace(
                {Entry(zigan_forms.w, zigan_forms.l): Entry(zigan_forms.w, zigan_forms.j)}
            ),
            id="wrong-index",
        ),
    ],
)
def test_negative_control_wrong_formula_is_detected(name, wrong):
    form = zigan.matrix_forms("printed")[name]
    bad = dataclasses.replace(form, rhs=wrong(form.rhs), diagonal=False)
    dims = zigan.SETTINGS[0]
    ok, why = zigan._zero_difference(zigan.assemble(bad, dims), zigan.derive(dims)[name])
    assert not ok
    assert why.startswith("entry")


@pytest.mark.claim("000.s4.eq4")
def test_zi_loss_is_eq4():
    """§4 eq. (4): the loss with l(t) = -t."""
    evidence = derivatives.check_zi_loss()
    assert evidence.verdict is Status.VERIFIED, evidence.summary


@pytest.mark.claim("000.s4.vec")
def test_vec_convention_is_verified_with_row_stacking():
    """§4: Φ_i g = G φ holds for the row-stacking vec that "so that G(z_i) = Φ_i g" fixes
    (column stacking would need φ^T ⊗ I): verified with the convention (NOTE: [notational
    conventions])."""
    evidence = derivatives.check_vec_convention()
    assert evidence.verdict is Status.VERIFIED, evidence.summary
    for case in evidence.data["cases"]:
        assert case["row"]
        assert case["column, phi^T kron I"]
        assert not case["column"]
    assert registry()["000.s4.vec"].convention


@pytest.mark.claim("000.s4.vec")
def test_vec_convention_flips_when_no_stacking_makes_the_definition_hold():
    """Negative control: a Φ_i that no stacking order reconciles with G φ (φ^T ⊗ 2 I) refutes."""

    def broken(d1, phi):
        return sp.kronecker_product(phi.T, 2 * sp.eye(d1))

    assert derivatives.check_vec_convention(broken).verdict is Status.REFUTED


@pytest.fixture
def fake_autograd(monkeypatch):
    import zigan_verify.game.closed_form as closed_form

    monkeypatch.setattr(closed_form, "autograd_error", lambda name, loss: 1e-16)


@pytest.mark.claim("000.B3.H_gg")
@pytest.mark.claim("000.B3.H_wtheta")
@pytest.mark.parametrize("name", ["H_gg", "H_wtheta"])
def test_check_block_verdict_with_stubbed_autograd(fake_autograd, name):
    evidence = derivatives.check_block(name)
    assert evidence.verdict is get_claim(f"000.B3.{name}").status, evidence.summary
    assert "autograd rel err zi 1.0e-16, js 1.0e-16" in evidence.summary


@pytest.mark.claim("000.B3.eq5")
def test_check_block_with_closed_form():
    evidence = derivatives.check_block("g")
    assert evidence.verdict is Status.VERIFIED, evidence.summary
    assert max(evidence.data["autograd_rel_err"].values()) < TOL["closed_form_vs_autograd"]["rtol"]


def test_check_block_refutes_when_autograd_disagrees(monkeypatch):
    import zigan_verify.game.closed_form as closed_form

    monkeypatch.setattr(closed_form, "autograd_error", lambda name, loss: 1e-3)
    assert derivatives.check_block("w").verdict is Status.REFUTED


# ---- golden LaTeX (sympy.latex of the same objects that are proven) ----


def test_latex_eq5():
    assert latex(zigan.matrix_forms("printed")["g"].rhs) == (
        r"- \frac{1}{n} \sum_{i=1}^{n} \left[\left(\boldsymbol{A} \boldsymbol{\Phi}_{i}"
        r"(\boldsymbol{\theta})\right)^{\top} \operatorname{diag}\left(\boldsymbol{\sigma}'"
        r"\left(\boldsymbol{A} \boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) \boldsymbol{g}\right)"
        r"\right)\right] \boldsymbol{w}"
    )


def test_latex_eq8():
    assert latex(zigan.matrix_forms("printed")["A"].rhs) == (
        r"\frac{1}{n} w_{l} \sum_{i=1}^{n} \left[\sigma'\left(\boldsymbol{a}_{l}^{\top} "
        r"\boldsymbol{x}_{i}\right) \boldsymbol{x}_{i} - \sigma'\left(\boldsymbol{a}_{l}^{\top} "
        r"\boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) \boldsymbol{g}\right) \boldsymbol{\Phi}_{i}"
        r"(\boldsymbol{\theta}) \boldsymbol{g}\right]"
    )


def test_latex_corrected_wtheta_and_zero_block():
    assert latex(zigan.matrix_forms("corrected")["H_wtheta"].rhs) == (
        r"- \frac{1}{n} \sum_{i=1}^{n} \left[\operatorname{diag}\left(\boldsymbol{\sigma}'"
        r"\left(\boldsymbol{A} \boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) \boldsymbol{g}\right)"
        r"\right) \boldsymbol{A} \frac{\partial \boldsymbol{\Phi}_{i}(\boldsymbol{\theta})}"
        r"{\partial \theta_{j}} \boldsymbol{g}\right]"
    )
    assert latex(zigan.matrix_forms("printed")["H_ww"].rhs) == r"\boldsymbol{0}"


def test_latex_eq4():
    assert latex(zigan.zi_loss_form()) == (
        r"\frac{1}{n} \boldsymbol{w}^{\top} \sum_{i=1}^{n} \left[\boldsymbol{\sigma}\left("
        r"\boldsymbol{A} \boldsymbol{x}_{i}\right) - \boldsymbol{\sigma}\left(\boldsymbol{A} "
        r"\boldsymbol{\Phi}_{i}(\boldsymbol{\theta}) \boldsymbol{g}\right)\right]"
    )


# ---- numeric spot checks of the derivation itself ----


def _assert_matches_finite_differences(expr_f, grad, hess_rows, dims, loss, seed):
    inst = zigan.instance(dims)
    data = [s for x in inst.x for s in x]
    z = inst.z
    f_num = sp.lambdify([z, data], zigan.numeric_substitution(expr_f, dims), "numpy")
    g_num = sp.lambdify([z, data], zigan.numeric_substitution(grad, dims), "numpy")
    h_num = sp.lambdify([z, data], zigan.numeric_substitution(hess_rows, dims), "numpy")
    rng = np.random.default_rng(seed)
    z0, x0 = rng.standard_normal(len(z)) * 0.7, rng.standard_normal(len(data))
    h = 1e-5
    eye = np.eye(len(z))
    fd_grad = np.array(
        [(f_num(z0 + h * e, x0) - f_num(z0 - h * e, x0)) / (2 * h) for e in eye]
    ).reshape(-1)
    fd_hess = np.stack(
        [(g_num(z0 + h * e, x0) - g_num(z0 - h * e, x0)).reshape(-1) / (2 * h) for e in eye],
        axis=1,
    )
    np.testing.assert_allclose(
        np.asarray(g_num(z0, x0), dtype=float).reshape(-1),
        fd_grad,
        **TOL["autograd_vs_finite_difference"],
    )
    np.testing.assert_allclose(
        np.asarray(h_num(z0, x0), dtype=float), fd_hess, **TOL["autograd_vs_finite_difference"]
    )


@pytest.mark.parametrize(
    ("loss", "setting"),
    [
        ("zi", 0),
        # ~10 s CPU; the JS blocks are also cross-checked against autograd by the 000.B3.* claims
        pytest.param("js", 1, marks=pytest.mark.slow),
    ],
)
def test_derived_blocks_match_finite_differences(loss, setting):
    """Spot check of the SymPy derivation at a seeded point, σ = tanh, φ = seeded sines."""
    dims = zigan.SETTINGS[setting]
    d = zigan.derive(dims, loss)
    grad = sp.Matrix.vstack(*(d[name] for name in zigan.GRADIENTS))
    hess = sp.Matrix.vstack(
        *(
            sp.Matrix.hstack(*(_block(d, row, col) for col in zigan.GRADIENTS))
            for row in zigan.GRADIENTS
        )
    )
    _assert_matches_finite_differences(d["f"][0, 0], grad, hess, dims, loss, seed=1749531508689996)


def _block(d, row, col):
    name = f"H_{row}{col}"
    if name in d:
        return d[name]
    return d[f"H_{col}{row}"].T


def test_derive_rejects_unknown_loss():
    from zigan_verify._errors import ZiganError

    with pytest.raises(ZiganError, match="unknown loss 'x'; choose one of general, js, zi"):
        zigan.loss_expr(zigan.SETTINGS[0], "x")


def test_public_surface():
    import zigan_verify.game.symbolic as symbolic

    for name in symbolic.__all__:
        assert hasattr(symbolic, name)
