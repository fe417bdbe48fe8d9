r"""The conditions matrix: the same theory-predicted numbers, however the optimizer is driven.

NOTE: [battery conditions]
The other checks drive a candidate one way (float64 default dtype, the CPU, gradients of norm
≲ 3, ``.grad`` assigned as fresh tensors). The ``conditions`` check re-measures, on the quadratic
game of ``quadratic_timescale`` (``f = x^T A x / 2 + x^T B y - y^T C y / 2``, saddle ``z* = 0``), the
numbers the theory predicts there under every condition of the matrix, and names the condition
that moves them:

* the 20 iterates from ``QUADRATIC["z0"]`` against the built-in's own (for the linear methods a
  theorem's: their map is the characteristic polynomial's), and where the method is linear in
  ``F`` the spectral radius of the update map against the polynomial's prediction;
* the dtype and device of every iterate and every state tensor against the parameters';
* torch.optim-style candidates through the training-loop harness (NOTE: [training-loop harness]):
  ``zero_grad(set_to_none=True / False)``, ``step(closure)`` or ``step()``, two parameter groups
  or one group per tensor, one optimizer or two (simultaneous, alternating: then the prediction is
  the built-in applied player by player, each player's copy seeing only its own block of ``F``);
  no state tensor may share storage with a parameter or a gradient (a ``prev = p.grad``
  reference turns OGDA into GDA as soon as ``.grad`` is zeroed in place), and a checkpoint
  (``torch.save`` of every ``state_dict()`` after a mid-run learning-rate change) loaded into
  freshly built optimizers must continue the run bit for bit, learning rates included;
* step-interface candidates: the step must not change the state it was given (NOTE: [optimizer
  interface]: steps are pure, so a caller may keep and reuse an old state);
* default dtype float32 as well as float64, float32 parameters with a tolerance derived for
  float32; gradient scales ``s`` = 1e-6 and 1e6 (the game ``s f``): methods linear in ``F`` with
  ``eta / s`` (the same map, so the same radius and iterates), Adam-type methods at 1e6 with
  ``eta`` (scale-free there: ``eps`` is 1e-14 of ``sqrt(v)``; at 1e-6 ``eps`` is comparable to
  the gradients and the expectation depends on where it is added);
* parameters on a second device when torch has one (CUDA), and always the ``meta`` device: a
  tensor created without ``device=`` (``torch.zeros(p.shape)``) lands on the CPU and is caught
  on a CPU-only machine.

Torch's own ``state_dict()`` returns live state tensors by reference (and ``load_state_dict``
keeps them), so a snapshot is only a checkpoint once serialized or deep-copied; the check
therefore serializes, and asks instead that no state tensor alias a parameter or a gradient.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import torch
from torch.utils._pytree import tree_flatten

from zigan_verify.battery._candidate import Candidate, builtin_candidates
from zigan_verify.battery._harness import (
    LoopSettings,
    LoopState,
    PotentialGame,
    TrainingLoop,
    build_state,
    loop_factory,
    loop_step,
)
from zigan_verify.battery._linearize import linearize
from zigan_verify.battery._theory import ITERATE_TOL, POLYNOMIALS, RHO_TOL
from zigan_verify.optim.minimax import Optimizer, saddle_operator

__all__ = [
    "Condition",
    "alternating_reference",
    "check_conditions",
    "conditions_for",
    "default_dtype",
    "quadratic_potential_game",
    "verdict_line",
]

F64, F32 = torch.float64, torch.float32
STEPS = 20  # QUADRATIC["steps"]: the first_iterates run
# Linear methods: the candidate's iterates equal the polynomial's map up to float64 rounding
# (~1e-15 per operation, 20 steps of a map with radius < 1): 1e-9 leaves room for any summation
# order (foreach kernels, two-sequence forms); the broken variants sit >= 1e-3 away.
LINEAR_ITERATE_TOL = 1e-9
# float32: a step does <= ~30 float32 operations on entries of size <= max|z| (<= 4 here), each
# with relative rounding eps32 = 1.19e-7; over 20 steps of a map of radius <= 1.005 (growth <= 1.1)
# the errors add:
# 20 * 30 * eps32 * max|z| = 7.2e-5 * max|z|.
FLOAT32_OPS_PER_STEP = 30
CHECKPOINT_AT, RESUMED_STEPS = 4, 4
LR_CHANGE = (2, 0.5)  # a scheduler halves every learning rate before the third step
META_STEPS = 3
# Gradient scales where the prediction survives (NOTE: [battery conditions]); methods linear in F
# take both with eta / s. sign-EG is exactly scale-free; Adam only where eps is negligible;
# JARE / ConOpt add gamma DF^T F, quadratic in s: no scale keeps their map.
SCALES = {"sign_eg": (1e-6, 1e6), "adam_eg": (1e6,), "jare": (), "conopt": ()}


@dataclass(frozen=True)
class Condition:
    """One row of the matrix: how the candidate is driven, in words for the verdict."""

    phrase: str  # "zero_grad(set_to_none=False)": completes "only when ..."
    settings: LoopSettings | None = None  # training-loop settings (torch.optim-style)
    default_dtype: torch.dtype = F64
    dtype: torch.dtype = F64  # of z (and so of the parameters)
    device: str = "cpu"
    scale: float = 1.0
    radius: bool = False  # also compare the update map's spectral radius
    probe: str | None = None  # "alias" (torch.optim style) or "mutation" (step interface)


@dataclass
class Finding:
    condition: Condition
    problems: list[str] = field(default_factory=list)
    rho: float | None = None
    predicted: float | None = None
    skipped: str = ""  # why the condition could not be measured (not a finding)


@contextmanager
def default_dtype(dtype: torch.dtype) -> Iterator[None]:
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(previous)


def quadratic_potential_game(scale: float = 1.0) -> PotentialGame:
    """``s f`` for the quadratic game of ``quadratic_timescale``, with its potential, evaluated in
    the dtype and on the device of its argument."""
    from zigan_verify.battery._checks import QUADRATIC

    A, B, C = (torch.tensor(QUADRATIC[k], dtype=F64) for k in "ABC")
    M = torch.cat([torch.cat([A, B], 1), torch.cat([-B.T, C], 1)])

    def f(x, y):
        a, b, c = (m.to(x) for m in (A, B, C))
        return scale * (0.5 * x @ a @ x + x @ b @ y - 0.5 * y @ c @ y)

    return PotentialGame(f, saddle_operator(lambda z: scale * (M.to(z) @ z), 2))


def _linear(name: str) -> bool:
    return name in POLYNOMIALS and name != "alternating_gda"


def _scale_invariant_lr(name: str) -> bool:
    """Methods linear in F move by eta F: with eta / s on the game s f their map is unchanged."""
    return name in POLYNOMIALS


def _player_mask(F, player: int):
    def masked(z):
        out = F(z).clone()
        if player == 0:
            out[F.n_x :] = 0
        else:
            out[: F.n_x] = 0
        return out

    return saddle_operator(masked, F.n_x)


def alternating_reference(make: Callable) -> Callable:
    """The built-in applied player by player: one copy sees only the min player's block of ``F``
    and steps first; the other answers on the new iterate with the max player's block (what two
    per-player optimizers stepped alternately do)."""

    def composite(eta, tau):
        ox, oy = make(eta, tau), make(eta, tau)

        def step(z, s, F):
            z, sx = ox.step(z, s[0], _player_mask(F, 0))
            z, sy = oy.step(z, s[1], _player_mask(F, 1))
            return z, (sx, sy)

        return Optimizer(lambda z: (ox.init(z), oy.init(z)), step)

    return composite


def _reference(name: str | None, alternating: bool, candidate: Candidate) -> Callable:
    """The built-in's ``make``; a novel method (``name`` None, NOTE: [battery novel optimizers])
    is its own reference: the run as the battery drives it, which every condition must repeat."""
    make = candidate.make if name is None else builtin_candidates()[name].make
    return alternating_reference(make) if alternating else make


def _lr(name: str, scale: float) -> float:
    from zigan_verify.battery._checks import QUADRATIC

    return QUADRATIC["eta"] / scale if _scale_invariant_lr(name) else QUADRATIC["eta"]


def _z0(dtype=F64, device="cpu") -> torch.Tensor:
    from zigan_verify.battery._checks import QUADRATIC

    return torch.tensor(QUADRATIC["z0"], dtype=F64).to(dtype=dtype, device=device)


def _iterates(opt: Optimizer, z0: torch.Tensor, F, steps: int, probe=None) -> tuple[list, object]:
    """The iterates of ``steps`` steps from ``z0`` and the last state."""
    z, state, out = z0, opt.init(z0), []
    for k in range(steps):
        previous = state
        z_next, state = opt.step(z, state, F)
        if not isinstance(z_next, torch.Tensor) or z_next.shape != z0.shape:
            raise RuntimeError(f"step {k} returned no tensor of shape {tuple(z0.shape)}")
        if probe is not None:
            probe(k, previous, state)
        z = z_next
        out.append(z)
    return out, state


def _tensors(state) -> list[torch.Tensor]:
    if isinstance(state, LoopState):
        return state.state_tensors()
    leaves = tree_flatten(state)[0]
    return [t for t in leaves if isinstance(t, torch.Tensor) and t.is_floating_point()]


def _placement(iterates, state, dtype, device) -> list[str]:
    """Iterates and state tensors of the parameters' dtype and device."""
    problems = []
    for what, tensors in (("an iterate", iterates[-1:]), ("the state", _tensors(state))):
        for t in tensors:
            if t.dtype != dtype:
                problems.append(f"{what} holds {t.dtype} tensors for {dtype} parameters")
                break
            if t.device.type != torch.device(device).type:
                problems.append(f"{what} lies on {t.device} for parameters on {device}")
                break
    return problems


def _iterate_tol(name: str, dtype: torch.dtype, size: float) -> float:
    base = LINEAR_ITERATE_TOL if _linear(name) else ITERATE_TOL
    if dtype == F64:
        return base * max(1.0, size)
    return base + STEPS * FLOAT32_OPS_PER_STEP * torch.finfo(dtype).eps * max(1.0, size)


def _compare_iterates(name, cond: Condition, got: list, want: list) -> list[str]:
    a = torch.stack([z.detach().to("cpu", F64) for z in got])
    b = torch.stack(want)
    size = float(b.abs().max())
    tol = _iterate_tol(name, cond.dtype, size)
    if not bool(torch.isfinite(a).all()):
        return ["the iterates became non-finite"]
    dev = float((a - b).abs().max())
    return [] if dev <= tol else [f"iterates differ by up to {dev:.2e} (tol {tol:.0e})"]


def _mutation_probe(problems: list[str]):
    """Step interface: the step must leave the state it was given unchanged (pure steps)."""
    snapshot = {}

    def probe(k, previous, new):
        if k == 0:
            snapshot["s"] = copy.deepcopy(previous)
        before = [t for t in tree_flatten(snapshot["s"])[0] if isinstance(t, torch.Tensor)]
        after = [t for t in tree_flatten(previous)[0] if isinstance(t, torch.Tensor)]
        if not problems and any(not torch.equal(x, y) for x, y in zip(before, after, strict=True)):
            problems.append(f"step {k + 1} changed the state returned by step {k} in place")
        snapshot["s"] = copy.deepcopy(new)

    return probe


def _storages(tensors) -> set[int]:
    return {t.untyped_storage().data_ptr() for t in tensors if t.device.type != "meta"}


def _alias_probe(problems: list[str]):
    """torch.optim style: no state tensor may share storage with a parameter or a gradient."""

    def probe(k, previous, state: LoopState):
        params = state.parameters()
        p_ptrs = _storages(params)
        g_ptrs = _storages([p.grad for p in params if p.grad is not None])
        for t in state.state_tensors():
            if t.device.type == "meta" or problems:
                continue
            ptr = t.untyped_storage().data_ptr()
            if ptr in g_ptrs:
                problems.append(f"after step {k + 1} a state tensor shares storage with a gradient")
            elif ptr in p_ptrs:
                problems.append(
                    f"after step {k + 1} a state tensor shares storage with a parameter"
                )

    return probe


def _measure(candidate: Candidate, cond: Condition, make: Callable) -> Finding:
    """Run the candidate under ``cond`` on the quadratic game; compare with the theory."""
    name, finding = candidate.behaves_like, Finding(cond)
    game = quadratic_potential_game(cond.scale)
    alternating = cond.settings is not None and cond.settings.schedule == "alternating"
    eta, tau = _lr(name, cond.scale), _tau()
    probes: list[str] = []
    probe = {"alias": _alias_probe, "mutation": _mutation_probe, None: lambda p: None}[cond.probe](
        probes
    )
    try:
        with default_dtype(cond.default_dtype):
            z0 = _z0(cond.dtype, cond.device)
            opt = make(eta, tau)
            if cond.device == "meta":
                z, state = z0, opt.init(z0)
                iterates = []
                for _ in range(META_STEPS):
                    z, state = opt.step(z, state, game)
                    iterates.append(z)
                finding.problems += _placement(iterates, state, cond.dtype, cond.device)
                return finding
            got, state = _iterates(opt, z0, game, STEPS, probe)
            finding.problems += _placement(got, state, cond.dtype, cond.device)
        finding.problems += probes
        reference = _reference(name, alternating, candidate)
        want, _ = _iterates(reference(eta, tau), _z0(), game, STEPS)
        finding.problems += _compare_iterates(name, cond, got, want)
        if cond.radius:
            finding.predicted = _predicted_radius(name, alternating, game)
            lin = linearize(
                replace(candidate, make=make), eta, tau, torch.zeros(4, dtype=F64), game
            )
            finding.rho = lin.rho
            if not lin.linearizable:
                finding.problems.append(f"not linearizable: {lin.reason}")
            elif abs(lin.rho - finding.predicted) > RHO_TOL:
                finding.problems.insert(
                    0, f"radius {lin.rho:.6f} vs {finding.predicted:.6f} (tol {RHO_TOL:.0e})"
                )
    except Exception as exc:  # noqa: BLE001 - a condition the optimizer cannot take is a finding
        if cond.device == "meta" and "meta tensors" in str(exc):
            finding.skipped = f"data-dependent control flow cannot run on meta ({exc})"
        else:
            finding.problems.append(f"raised {type(exc).__name__}: {exc}")
    return finding


def _tau() -> float:
    from zigan_verify.battery._checks import TAU

    return TAU


def _predicted_radius(name: str, alternating: bool, game) -> float:
    """The polynomial's radius on the quadratic game; alternating: the radius of the built-in
    applied player by player (linearized by autograd: a composition of the built-in's map)."""
    from zigan_verify.battery._theory import _quadratic

    if not alternating:
        return _quadratic(name)["numbers"]["rho"]["value"]
    ref = Candidate("reference", alternating_reference(builtin_candidates()[name].make), name)
    return linearize(ref, _lr(name, 1.0), _tau(), torch.zeros(4, dtype=F64), game).rho


def _checkpoint(candidate: Candidate, loop: TrainingLoop, cond: Condition) -> Finding:
    """Mid-run (after a scheduler changed the learning rates) ``torch.save`` every optimizer's
    ``state_dict()``, build fresh optimizers with other learning rates, ``load_state_dict`` and
    continue: the run must be the live run's, bit for bit, learning rates included."""
    finding = Finding(cond)
    name, game = candidate.behaves_like, quadratic_potential_game()
    eta, tau = _lr(name, 1.0), _tau()
    settings = replace(cond.settings, lr_schedule=LR_CHANGE)
    try:
        z = _z0()
        live = build_state(loop, settings, eta, tau, z, game.n_x)
        for _ in range(CHECKPOINT_AT):
            z = loop_step(loop, live, z, game)
        buffer = io.BytesIO()
        torch.save([o.state_dict() for o in live.optimizer_list()], buffer)
        lrs = _lrs(live)
        z_live, ahead = z, []
        for _ in range(RESUMED_STEPS):
            z_live = loop_step(loop, live, z_live, game)
            ahead.append(z_live)
        fresh = build_state(loop, settings, 3 * eta, tau, z, game.n_x)
        fresh.steps = CHECKPOINT_AT  # the scheduler has already fired
        buffer.seek(0)
        saved = torch.load(buffer, weights_only=False)  # our own bytes: trusted
        for o, sd in zip(fresh.optimizer_list(), saved, strict=True):
            o.load_state_dict(sd)
        restored = _lrs(fresh)
        for k, expected in enumerate(ahead, start=1):
            z = loop_step(loop, fresh, z, game)
            if not torch.equal(z, expected):
                dev = float((z - expected).abs().max())
                where = "" if restored == lrs else f"; learning rates {restored} vs live {lrs}"
                finding.problems.append(f"the resumed run differs at step {k} by {dev:.2e}{where}")
                break
    except Exception as exc:  # noqa: BLE001 - a failing checkpoint is a finding
        finding.problems.append(f"raised {type(exc).__name__}: {exc}")
    return finding


def _lrs(state: LoopState) -> list[float]:
    return [g["lr"] for o in state.optimizer_list() for g in o.param_groups]


def _common_rows(name: str) -> list[Condition]:
    rows = [
        Condition("float32 is the default dtype and the parameters' dtype", None, F32, F32),
        Condition("the parameters are float64 under a float32 default dtype", None, F32, F64),
    ]
    scales = SCALES.get(name, (1e-6, 1e6) if _scale_invariant_lr(name) else ())
    rows += [Condition(f"the gradients are scaled by {s:g}", scale=s) for s in scales]
    rows.append(Condition("the parameters are on the meta device", device="meta"))
    if torch.cuda.is_available():
        rows.append(Condition("the parameters are on cuda", device="cuda"))
    return rows


def _loop_rows(name: str, loop: TrainingLoop, n_optimizers: int) -> list[Condition]:
    radius = _linear(name)
    S = LoopSettings
    if loop.train_step is not None:
        return [
            Condition("your train_step drives it", S(), radius=radius),
            Condition(
                "state tensors are checked for storage shared with parameters and gradients",
                S(),
                probe="alias",
            ),
        ]
    drive = (
        "the training loop drives it (several tensors per group, backward(), zero_grad(), step())"
        if loop.torch_class is not None
        else "the battery's loop drives your optimizers (backward(), zero_grad(), step())"
    )
    rows = [
        Condition(drive, S(), radius=radius),
        Condition("zero_grad(set_to_none=False)", S(set_to_none=False), radius=radius),
        Condition("step(closure) re-evaluates the losses", S(closure=True), radius=radius),
        Condition(
            "state tensors are checked for storage shared with parameters and gradients",
            S(),
            probe="alias",
        ),
    ]
    if loop.torch_class is not None:
        rows += [
            Condition(
                "each parameter tensor has its own group",
                S(layout="group_per_tensor"),
                radius=radius,
            ),
            Condition(
                "each player has its own optimizer", S(layout="two_optimizers"), radius=radius
            ),
        ]
    if loop.torch_class is not None or n_optimizers == 2:
        rows.append(
            Condition(
                "the players' optimizers step alternately",
                S(layout="two_optimizers", schedule="alternating"),
                radius=name in POLYNOMIALS,
            )
        )
    return rows


def _loop_of(candidate: Candidate) -> TrainingLoop | None:
    if candidate.loop is not None:
        return candidate.loop
    if candidate.torch_optim is not None:
        return replace(
            TrainingLoop.from_class(candidate.torch_optim), behaves_like=candidate.behaves_like
        )
    return None


def _n_optimizers(loop: TrainingLoop) -> int:
    state = build_state(loop, LoopSettings(), 0.1, 4.0, _z0(), 2)
    return len(state.optimizer_list())


def conditions_for(candidate: Candidate) -> list[tuple[Condition, Callable]]:
    """Every condition that applies to ``candidate``, with the ``make(eta, tau)`` that runs it."""
    name, loop = candidate.behaves_like, _loop_of(candidate)
    if loop is None:
        rows = [
            Condition("the battery drives it (float64, CPU, gradients of norm ~1)"),
            Condition(
                "the state a step returned is kept (it must not change in place)",
                probe="mutation",
            ),
        ]
        return [(c, candidate.make) for c in rows + _common_rows(name)]
    rows = _loop_rows(name, loop, _n_optimizers(loop))
    base = rows[0].settings
    rows += [replace(c, settings=base) for c in _common_rows(name)]
    return [(c, loop_factory(loop, c.settings)) for c in rows]


def check_conditions(candidate: Candidate):
    """The quadratic game's predicted radius, iterates, dtypes and devices under every condition
    of the matrix (NOTE: [battery conditions]), naming the condition that moves them."""
    from zigan_verify.battery._checks import Outcome

    findings = [_measure(candidate, c, make) for c, make in conditions_for(candidate)]
    loop = _loop_of(candidate)
    if loop is not None:
        cond = Condition("a checkpoint is loaded into fresh optimizers mid-run", LoopSettings())
        findings.append(_checkpoint(candidate, loop, cond))
    bad = [f for f in findings if f.problems]
    rhos = {f.condition.phrase: f.rho for f in findings if f.rho is not None}
    skipped = [f for f in findings if f.skipped]
    data = {
        "conditions": len(findings),
        "failed": [f.condition.phrase for f in bad],
        "skipped": [f"{f.condition.phrase}: {f.skipped}" for f in skipped],
    }
    if not bad:
        shown = (
            f"; the radius as predicted (tol {RHO_TOL:.0e}) in the {len(rhos)} that measure it"
            if rhos
            else ""
        )
        return Outcome(
            "consistent",
            f"{len(findings)} conditions agree with {_label(candidate)}'s predictions on "
            f"the quadratic game{shown}"
            + "".join(f"; not measured when {f.condition.phrase}: {f.skipped}" for f in skipped),
            data,
        )
    return Outcome("condition-dependent", verdict_line(_label(candidate), bad, findings), data)


def _label(candidate: Candidate) -> str:
    """Whose predictions the conditions are held to: the built-in, or a novel method's own."""
    return candidate.behaves_like or "its own battery run"


def verdict_line(name: str, bad: list[Finding], findings: list[Finding]) -> str:
    """``diverges from ogda only when zero_grad(set_to_none=False): radius ... vs ...``: the
    first failing condition leads with its numbers, the others follow. When the baseline row
    (``findings[0]``: the loop or the battery's own drive) fails, no condition is to blame."""
    first = bad[0]
    diverges = first.rho is not None and first.rho > 1 >= (first.predicted or 0)
    verb = "diverges from" if diverges else "departs from"
    if first is findings[0]:
        others = len(bad) - 1
        return (
            f"{verb} {name} already when {first.condition.phrase}: {'; '.join(first.problems)} "
            f"(and in {others} of the {len(findings) - 1} other conditions)"
        )
    parts = [f"{verb} {name} only when {first.condition.phrase}: {'; '.join(first.problems)}"]
    parts += [f"also when {f.condition.phrase}: {'; '.join(f.problems)}" for f in bad[1:]]
    return ". ".join(parts)


# name -> (function, claim, description): added to CHECKS by the package (here, not in _checks:
# this module reads _checks' instances, so _checks must not import it back)
CONDITIONS_CHECKS = {
    "conditions": (
        check_conditions,
        "000.s5.1.updates",
        "quadratic game under dtype/device/scale/loop conditions",
    )
}
