"""003 (global landscape): closed forms vs independent routes, and one test per registered claim."""

import math

import numpy as np
import pytest
import sympy as sp
import torch
from sympy.core.function import AppliedUndef

from zigan_verify.analysis import global_landscape as gl
from zigan_verify.claims import Status, registry, run_check

t, m = gl.t, gl.m
# Direct maximization stops at a projected gradient of 1e-12 per coordinate; a supremum at
# infinity is then approached to ~1e-11. 1e-7 is a wide margin over that.
NUMERIC_ATOL = 1e-7


def _logistic(s):
    return -torch.nn.functional.softplus(-s)


@pytest.mark.parametrize("name", ["js", "hinge", "ls"])
def test_xi_closed_form_matches_integer_suprema(name):
    loss = gl.SEPARABLE[name]
    closed = gl.xi_closed_form(loss)
    for k in (1, 2):
        assert sp.simplify(closed.subs(m, k) - gl.psi(loss, 1, k)) == 0


def test_xi_closed_forms_per_loss():
    """The derived closed forms, compared with the forms one gets by hand (independent)."""
    js = gl.xi_closed_form(gl.SEPARABLE["js"])
    assert sp.simplify(js - (m * sp.log(m) - (m + 1) * sp.log(m + 1))) == 0
    assert sp.simplify(gl.xi_closed_form(gl.SEPARABLE["ls"]) + m / (m + 1)) == 0
    assert gl.xi_closed_form(gl.SEPARABLE["hinge"]) == -2


@pytest.mark.parametrize("name", ["js", "ls"])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_certified_concave_sup_brackets_closed_form(name, k):
    """torch-autograd route: the certified bracket contains xi(k) from SymPy."""
    loss = gl.SEPARABLE[name]
    h1, h2 = sp.lambdify(t, loss.h1, "torch"), sp.lambdify(t, loss.h2, "torch")
    b = gl.certified_concave_sup(lambda s: h1(s) + k * h2(-s))
    exact = float(gl.xi(loss, k))
    assert b.lower - 1e-12 <= exact <= b.upper + 1e-12
    assert b.upper - b.lower < 1e-9


def test_certified_concave_sup_refuses_sup_at_infinity():
    with pytest.raises(ArithmeticError, match="no finite maximizer"):
        gl.certified_concave_sup(_logistic)


def test_sup_closed_form_refuses_infinitely_many_critical_points():
    with pytest.raises(ValueError, match="cannot list the critical points"):
        gl.sup_closed_form(sp.sin(t))


def test_separable_value_matches_direct_maximization_ls():
    """eq. (5) for LS at every 3-point pattern: the xi-formula vs direct maximization over f."""
    loss = gl.SEPARABLE["ls"]
    xs = [gl.xi(loss, k) for k in range(4)]
    X = np.array([[0.0], [1.0], [3.0]])
    for s in gl.patterns(3):
        Y = np.array([X[j] if j != gl.FREE else [10.0 + i] for i, j in enumerate(s)])
        num = gl.separable_sup_numeric(lambda u: -((1 - u) ** 2), lambda u: -(u**2), X, Y)
        assert num == pytest.approx(float(gl.separable_value(s, xs)), abs=NUMERIC_ATOL)


def test_broken_rpgan_formula_is_caught():
    """A wrong g_R that credits fixed points only (ignores longer cycles) disagrees with the
    direct maximization at the transposition; the cycle formula agrees."""
    X = np.array([[0.0], [1.0]])
    Y = X[[1, 0]]
    num = gl.rpgan_sup_numeric(_logistic, X, Y)
    h0 = -math.log(2)
    fixed_only = sum(h0 for i, j in enumerate((1, 0)) if i == j) / 2
    assert abs(num - fixed_only) > 0.1
    assert num == pytest.approx(float(gl.rpgan_value((1, 0), lambda k: k * h0)), abs=NUMERIC_ATOL)


def test_broken_separable_xi_has_no_bad_minima():
    """A wrong xi(m) = m xi(1) (4.2 fails) turns every collision into a global minimum: the
    enumeration must then report no sub-optimal strict local minimum."""
    xs = [0, -2, -4, -6]
    found = gl.separable_local_minima(3, xs)
    assert found.strict_suboptimal == ()
    assert len(found.global_minimizers) == 27


def test_straight_moves_in_one_dimension_need_the_stop_rule():
    """d = 1, x = (0, 1), y_1 = 2 (free), y_2 = x_1: moving y_1 to x_1 passes x_2, closing the
    2-cycle x_1 -> x_2 -> x_1; passing on would break it again (value up)."""
    X, Y = [(0,), (1,)], [(2,), (0,)]
    stop = [len(gl.on_cycle(s)) for s in gl.geometric_path(X, Y, [0, 1])]
    naive = [len(gl.on_cycle(s)) for s in gl.geometric_path(X, Y, [0, 1], stop_on_cycle=False)]
    assert stop == sorted(stop)
    assert stop[-1] == 2
    assert naive != sorted(naive)


def test_function_space_losses_are_labelled_sympy():
    out = gl.function_space_losses()
    assert set(out) == {f"separable/{k}" for k in gl.SEPARABLE} | {
        f"rpgan/{k}" for k in gl.RELATIVISTIC
    }
    assert sp.simplify(out["separable/ls"][r"\xi(m)"] + m / (m + 1)) == 0
    assert out["rpgan/rs"]["h(0)"] == -sp.log(2)
    assert all(isinstance(v, sp.Basic) for d in out.values() for v in d.values())


def test_function_space_losses_hold_at_every_count():
    """g_SP at counts m_i in {0, 1, 2} is (1/2n) sum xi(m_i) with xi from its definition (psi), and
    g_R is (c h(0) + (n - c) sup h)/n: hinge's closed xi(m) = -2 alone would give -1 at m = (0, 2)."""
    out = gl.function_space_losses()
    n = sp.Symbol("n", positive=True, integer=True)
    for name, loss in gl.SEPARABLE.items():
        g_sp = out[f"separable/{name}"]["g_{SP}(Y)"]
        ((summand, _),) = (s.args for s in g_sp.atoms(sp.Sum))
        counts = summand.atoms(AppliedUndef)  # m(i)
        for count in (0, 1, 2):
            value = summand.subs({f: count for f in counts})
            assert sp.simplify(value - gl.psi(loss, 1, count)) == 0, (name, count)
    hinge = gl.SEPARABLE["hinge"]  # control: the closed form alone is wrong at m_i = 0
    assert gl.xi_closed_form(hinge).subs(gl.m, 0) != gl.psi(hinge, 1, 0)
    c = sp.Symbol("c", positive=True, integer=True)
    for name in gl.RELATIVISTIC:
        g_r, h0 = out[f"rpgan/{name}"]["g_R(Y)"], out[f"rpgan/{name}"]["h(0)"]
        assert sp.simplify(g_r.subs({c: 3, n: 3}) - h0) == 0  # every pair on a cycle: h(0)
    assert out["rpgan/wgan"]["g_R(Y)"].subs({c: 2, n: 3}) == sp.oo  # a tree pair adds sup h = oo
    assert sp.simplify(out["rpgan/rs"]["g_R(Y)"].subs({c: 2, n: 4}) + sp.log(2) / 2) == 0


def test_overparameterized_generator_keeps_paths():
    """Assumption 4.6 for the random-feature generator: G_{W(t)}(Z) = Y(t) along a path."""
    net = gl.OverparameterizedGAN.random(3, 2, seed=2)
    rng = np.random.default_rng(8)
    Y0, Y1 = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    W0 = net.preimage(Y0) + rng.normal(size=(2, 6)) @ (
        np.eye(6) - net.Psi @ np.linalg.pinv(net.Psi)
    )
    for s in np.linspace(0, 1, 5):
        Yt = (1 - s) * Y0 + s * Y1
        assert np.abs(net.generate(net.lift(W0, Y0, Yt)) - Yt).max() < 1e-10


@pytest.mark.parametrize(
    "cid",
    [
        pytest.param("003.claim2.1", marks=pytest.mark.claim("003.claim2.1")),
        pytest.param("003.claim2.2", marks=pytest.mark.claim("003.claim2.2")),
        pytest.param("003.s2.empirical", marks=pytest.mark.claim("003.s2.empirical")),
        pytest.param("003.claim3.1", marks=pytest.mark.claim("003.claim3.1")),
        pytest.param("003.claim3.1.decimals", marks=pytest.mark.claim("003.claim3.1.decimals")),
        pytest.param("003.claim3.2", marks=pytest.mark.claim("003.claim3.2")),
        pytest.param("003.s3.irregular", marks=pytest.mark.claim("003.s3.irregular")),
        pytest.param("003.cor3.1", marks=pytest.mark.claim("003.cor3.1")),
        pytest.param("003.s3.transitions", marks=pytest.mark.claim("003.s3.transitions")),
        pytest.param("003.fig4", marks=pytest.mark.claim("003.fig4")),
        pytest.param("003.s5.s1a", marks=pytest.mark.claim("003.s5.s1a")),
        pytest.param("003.s4.xi", marks=pytest.mark.claim("003.s4.xi")),
        pytest.param("003.thm1", marks=pytest.mark.claim("003.thm1")),
        pytest.param("003.thm1.remark1", marks=pytest.mark.claim("003.thm1.remark1")),
        pytest.param("003.thm2", marks=pytest.mark.claim("003.thm2")),
        pytest.param("003.thm2.remark1", marks=pytest.mark.claim("003.thm2.remark1")),
        pytest.param("003.thm2.remark2", marks=pytest.mark.claim("003.thm2.remark2")),
        pytest.param("003.eq5_6", marks=pytest.mark.claim("003.eq5_6")),
        pytest.param("003.eq8", marks=pytest.mark.claim("003.eq8")),
        pytest.param("003.prop1", marks=pytest.mark.claim("003.prop1")),
        pytest.param("003.prop2", marks=pytest.mark.claim("003.prop2")),
        pytest.param("003.tab2", marks=pytest.mark.claim("003.tab2")),
    ],
)
def test_registered_verdicts(cid, registered_evidence):
    """Each fast 003 claim's check reproduces its registered verdict."""
    assert registered_evidence(cid).verdict is registry()[cid].status


@pytest.mark.claim("003.claim3.2")
def test_claim3_2_crossed_ordering_is_zero_numerically():
    """Erratum evidence without the cycle formula: y_1 = x_2, y_2 off the data gives 0."""
    X = np.array([[0.0], [1.0]])
    assert gl.rpgan_sup_numeric(_logistic, X, np.array([[1.0], [5.0]])) == pytest.approx(
        0.0, abs=NUMERIC_ATOL
    )
    assert gl.rpgan_sup_numeric(_logistic, X, np.array([[0.0], [5.0]])) == pytest.approx(
        -math.log(2) / 2, abs=NUMERIC_ATOL
    )


@pytest.mark.claim("003.thm1")
def test_theorem1_printed_global_value_has_the_wrong_sign(registered_evidence):
    js = gl.SEPARABLE["js"]
    printed = -sp.Rational(1, 2) * gl.sup_closed_form(js.h1 + js.h2.subs(t, -t))
    assert (
        sp.simplify(printed - sp.log(2)) == 0
    )  # while Claim 3.1 (and the enumeration) give -log 2
    assert registered_evidence("003.thm1").verdict is Status.ERRATUM


@pytest.mark.claim("003.thm1.remark1")
def test_hinge_violates_assumption_4_3():
    hinge = gl.SEPARABLE["hinge"]
    assert gl.xi(hinge, 2) == gl.xi(hinge, 1) == -2


@pytest.mark.claim("003.cor3.1")
def test_cor3_1_by_direct_maximization_on_a_grid():
    """Independent of the pattern formula: g_JS at (x1, x1) is below every grid point of a
    small ball around it (direct maximization over f)."""
    X = np.array([[0.0], [1.0]])
    centre = gl.separable_sup_numeric(_logistic, _logistic, X, X[[0, 0]])
    for a in (-0.2, 0.0, 0.2):
        for b in (-0.1, 0.0, 0.3):
            if a == b == 0.0:
                continue
            Y = np.array([[a], [b]])
            assert gl.separable_sup_numeric(_logistic, _logistic, X, Y) > centre + 0.1


@pytest.mark.parametrize(
    ("js", "rs", "verdict"),
    [
        ([380, 400, 300], [120, 150, 90], Status.VERIFIED),  # ~3x faster, every seed
        ([380, 400, 300], [250, 260, 200], Status.CONDITIONAL),  # faster, under 2x
        ([120, 150, 90], [380, 400, 300], Status.UNREPRODUCED),  # RS slower
    ],
)
def test_two_cluster_verdict_follows_the_escape_iterations(monkeypatch, js, rs, verdict):
    """003 §5's verdict is the median JS/RS escape ratio (a control for the slow claim test)."""
    from zigan_verify.checks import global_landscape_theorems as checks
    from zigan_verify.experiments import two_cluster

    monkeypatch.setattr(
        two_cluster, "escape_iterations", lambda seeds, config: {"js": js, "rs": rs}
    )
    assert checks.check_two_cluster_escape(seeds=(0, 1, 2)).verdict is verdict


@pytest.mark.slow
@pytest.mark.parametrize(
    "cid",
    [
        pytest.param("003.thm1.n4", marks=pytest.mark.claim("003.thm1.n4")),
        pytest.param("003.thm2.n4", marks=pytest.mark.claim("003.thm2.n4")),
        pytest.param("003.s5", marks=pytest.mark.claim("003.s5")),
    ],
)
def test_slow_registered_verdicts(cid):
    claim = registry()[cid]
    evidence = run_check(claim)
    assert evidence.verdict is claim.status, evidence.summary
