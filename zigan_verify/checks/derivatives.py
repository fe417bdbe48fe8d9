"""Checks of 000 §4 and App. B.3: the loss (4), the vec convention and every derivative block.

Each check returns :class:`zigan_verify.claims.Evidence` (NOTE: [claims registry]). The symbolic
proofs are :func:`zigan_verify.game.symbolic.zigan.prove`; the numeric cross-check is
:func:`zigan_verify.game.closed_form.autograd_error` (closed form vs torch autograd, float64).

References:
    Lee & Kim, *Zero-Infinity GAN*, §4 eq. (4) and App. B.3 eqs. (5)-(8) and the Hessians.
"""

from __future__ import annotations

import sympy as sp

from zigan_verify import _disk_cache
from zigan_verify._errors import check_choice
from zigan_verify.checks.evidence import Evidence, Status
from zigan_verify.game.symbolic import zigan
from zigan_verify.game.symbolic._forms import explicit
from zigan_verify.testing.tolerances import TOL

__all__ = ["check_block", "check_zi_loss", "check_vec_convention", "printed_phi", "vec_identities"]

# Closed form vs autograd must agree to this relative error (the acceptance bound).
_AUTOGRAD_RTOL = TOL["closed_form_vs_autograd"]["rtol"]


def check_block(name: str) -> Evidence:
    """Prove the printed block ``name`` of App. B.3 against the SymPy derivation.

    Verdict: ``verified`` when the printed form equals the derived block exactly at every
    setting of :data:`~zigan_verify.game.symbolic.zigan.SETTINGS`; ``erratum`` when it does not but
    the corrected form (registered in ``p000_zigan``) does; ``refuted`` otherwise. The general-loss
    form must hold as well, and the closed forms must match torch autograd for the ZI and JS
    losses, or the verdict is ``refuted``.
    """
    check_choice("block", name, zigan.BLOCK_NAMES)
    proofs = {form: _prove(name, form) for form in ("printed", "corrected", "general")}
    printed, corrected, general = (proof for proof, _ in proofs.values())
    errors = _autograd_errors(name)
    data = {
        "settings": [tuple(d) for d, _, _ in printed.results],
        "printed_equal": printed.equal,
        "printed_failures": printed.failures,
        "corrected_equal": corrected.equal,
        "general_equal": general.equal,
        "autograd_rel_err": errors,
        "seconds": printed.seconds + corrected.seconds + general.seconds,
        # "hit": the three proofs were read from the cache (their seconds are those of the run
        # that proved them); "miss": proved now and stored; "off": proved now (NOTE: [proof cache])
        "proof_cache": _cache_status({status for _, status in proofs.values()}),
    }
    numbers = ", ".join(f"{loss} {err:.1e}" for loss, err in errors.items())
    numeric_ok = all(err <= _AUTOGRAD_RTOL for err in errors.values())
    form = zigan.matrix_forms("printed")[name]
    note = f"; {form.remark}" if form.remark else ""
    tail = f"general-l form exact: {general.equal}; autograd rel err {numbers}{note}"
    if printed.equal:
        verdict, head = Status.VERIFIED, f"exact as printed at {printed.settings_text}"
    elif corrected.equal and not _same(name):
        verdict = Status.ERRATUM
        head = (
            f"printed form differs ({'; '.join(printed.failures)}); corrected form exact at "
            f"{corrected.settings_text}"
        )
    else:
        verdict = Status.REFUTED
        head = f"printed form differs ({'; '.join(printed.failures)}) and no correction holds"
    if not (general.equal and numeric_ok):
        verdict = Status.REFUTED
    return Evidence(verdict, f"{head}; {tail}", data)


def _prove(name: str, form: str) -> tuple[zigan.Proof, _disk_cache.CacheStatus]:
    """:func:`zigan.prove` through the on-disk proof cache (NOTE: [proof cache])."""
    return _disk_cache.cached(
        "sympy-proofs",
        f"{name}-{form}",
        lambda: zigan.prove(name, form),
        encode=_proof_to_json,
        decode=_proof_from_json,
        depends=("zigan_verify.game.symbolic",),
    )


def _proof_to_json(proof: zigan.Proof) -> dict:
    results = [[list(dims), ok, why] for dims, ok, why in proof.results]
    return {"name": proof.name, "form": proof.form, "results": results, "seconds": proof.seconds}


def _proof_from_json(payload: dict) -> zigan.Proof:
    results = tuple((zigan.Dims(*dims), bool(ok), str(why)) for dims, ok, why in payload["results"])
    return zigan.Proof(payload["name"], payload["form"], results, float(payload["seconds"]))


def _cache_status(statuses: set[str]) -> str:
    return statuses.pop() if len(statuses) == 1 else "partial"


def _same(name: str) -> bool:
    return zigan.matrix_forms("printed")[name] is zigan.matrix_forms("corrected")[name]


def _autograd_errors(name: str) -> dict[str, float]:
    from zigan_verify.game import closed_form

    return {loss: float(closed_form.autograd_error(name, loss)) for loss in ("zi", "js")}


def check_zi_loss() -> Evidence:
    r"""Eq. (4): the GAN loss for a general :math:`l`, with :math:`l(t) = -t`, is
    :math:`\frac1n\boldsymbol w^\top\sum_i[\boldsymbol\sigma(\boldsymbol A\boldsymbol x_i) -
    \boldsymbol\sigma(\boldsymbol A\boldsymbol\Phi_i\boldsymbol g)]`, exactly, at every setting."""
    results = []
    for dims in zigan.SETTINGS:
        general = zigan.loss_expr(dims, "general")
        linear = general.replace(zigan.LossD, lambda t, k: -t if k == 0 else (-1 if k == 1 else 0))
        printed = explicit(zigan.zi_loss_form(), zigan.instance(dims).context())[0, 0]
        results.append((tuple(dims), sp.expand(linear - printed) == 0))
    ok = all(eq for _, eq in results)
    where = ",".join(str(d).replace(" ", "") for d, _ in results)
    if ok:
        summary = f"-(1/n) sum_i [l(D(x_i)) + l(-D(Phi_i g))] with l(t) = -t equals (4) at {where}"
        return Evidence(Status.VERIFIED, summary, {"settings": results})
    return Evidence(Status.REFUTED, f"(4) differs from the l(t) = -t loss: {results}", {})


def printed_phi(d1: int, phi: sp.Matrix) -> sp.Matrix:
    r"""§4's :math:`\Phi_i = I_{d_1}\otimes\varphi(z_i)^\top` as printed."""
    return sp.kronecker_product(sp.eye(d1), phi.T)


def vec_identities(phi_of=printed_phi) -> list[dict]:
    r"""For ``(d1, d2) = (2, 3), (3, 2)``: does ``phi_of(d1, phi) g == G phi`` hold with ``g`` the
    row-stacking vec, with the column-stacking vec, and (with column stacking) for
    :math:`\varphi^\top\otimes I_{d_1}`? Exact (SymPy, symbolic entries)."""
    rows = []
    for d1, d2 in ((2, 3), (3, 2)):
        G = sp.Matrix(d1, d2, lambda a, b: sp.Symbol(f"G_{a + 1}{b + 1}"))
        phi = sp.Matrix(d2, 1, lambda b, _: sp.Symbol(f"varphi_{b + 1}"))
        vec_row = G.reshape(d1 * d2, 1)  # stacks the rows: G.reshape(-1) in C order
        vec_col = G.T.reshape(d1 * d2, 1)  # stacks the columns: the usual vec(G)
        target = G * phi  # G(z_i) = G phi(z_i), the definition

        def holds(Phi, g, target=target):
            return (Phi * g - target).expand() == sp.zeros(*target.shape)

        rows.append(
            {
                "d1,d2": (d1, d2),
                "row": holds(phi_of(d1, phi), vec_row),
                "column": holds(phi_of(d1, phi), vec_col),
                "column, phi^T kron I": holds(sp.kronecker_product(phi.T, sp.eye(d1)), vec_col),
            }
        )
    return rows


def check_vec_convention(phi_of=printed_phi) -> Evidence:
    r"""§4: ``g := vec(G)`` and :math:`\Phi_i := I_{d_1}\otimes\varphi_i^\top` "so that"
    :math:`G(z_i) = \Phi_i g`. The "so that" fixes the vec: the identity holds for the row-stacking
    one (and fails for column stacking, which would need :math:`\varphi^\top\otimes I`); every later
    formula uses ``g`` only through :math:`\Phi_i g`. Verified with that convention
    (NOTE: [notational conventions]); refuted only if no stacking order makes the definition hold."""
    rows = vec_identities(phi_of)
    row_ok = all(r["row"] for r in rows)
    summary = (
        f"(I kron phi^T) g == G phi for the row-stacking g in {sum(r['row'] for r in rows)}/"
        f"{len(rows)} shapes and for the column-stacking one in "
        f"{sum(r['column'] for r in rows)}/{len(rows)} (exact, (d1,d2) = (2,3), (3,2)): the "
        "paper's 'so that G(z_i) = Phi_i g' fixes the row-stacking vec"
    )
    if row_ok or all(r["column"] for r in rows):
        return Evidence(Status.VERIFIED, summary, {"cases": rows})
    return Evidence(
        Status.REFUTED, f"no stacking order makes Phi_i g = G phi: {rows}", {"cases": rows}
    )
