"""Old module paths of the 0.1 layout, kept importable for one release (issue 22).

NOTE: [moved modules]
The flat package of 0.1 was split into layer subpackages (``optim``, ``data``, ``game``,
``analysis``, ``experiments``, ``interfaces``; docs/contributing.md). Importing an old name, e.g.
``zigan_verify.game.problem``, still works: a meta-path finder imports the module's new home, warns
once with a :class:`DeprecationWarning` naming it, and registers the same module object under the
old name, so ``zigan_verify.game.problem.ZIGANProblem is zigan_verify.game.problem.ZIGANProblem`` and
submodules (``zigan_verify.game.symbolic.zigan``) resolve too. ``tools/relayout_map.txt`` is the map.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import warnings

MOVED = {
    "zigan_verify.optimizers": "zigan_verify.optim.minimax",
    "zigan_verify.torch_optim": "zigan_verify.optim.torch_optim",
    "zigan_verify.digits": "zigan_verify.data.digits",
    "zigan_verify.mnist": "zigan_verify.data.mnist",
    "zigan_verify.losses": "zigan_verify.game.losses",
    "zigan_verify.features": "zigan_verify.game.features",
    "zigan_verify.problem": "zigan_verify.game.problem",
    "zigan_verify.closed_form": "zigan_verify.game.closed_form",
    "zigan_verify.hvp": "zigan_verify.game.hvp",
    "zigan_verify.games": "zigan_verify.game.games",
    "zigan_verify.models": "zigan_verify.game.models",
    "zigan_verify.lssp_examples": "zigan_verify.game.lssp_examples",
    "zigan_verify.symbolic": "zigan_verify.game.symbolic",
    "zigan_verify.schur": "zigan_verify.analysis.schur",
    "zigan_verify.spectrum": "zigan_verify.analysis.spectrum",
    "zigan_verify.paper_scale": "zigan_verify.analysis.paper_scale",
    "zigan_verify.global_solutions": "zigan_verify.analysis.global_solutions",
    "zigan_verify.classification": "zigan_verify.analysis.classification",
    "zigan_verify.path_angle": "zigan_verify.analysis.path_angle",
    "zigan_verify.linear_dynamics": "zigan_verify.analysis.linear_dynamics",
    "zigan_verify.local_minimax": "zigan_verify.analysis.local_minimax",
    "zigan_verify.lastlayer": "zigan_verify.analysis.lastlayer",
    "zigan_verify.dynamics": "zigan_verify.analysis.dynamics",
    "zigan_verify.landscape": "zigan_verify.analysis.landscape",
    "zigan_verify.landscape_figures": "zigan_verify.analysis.landscape_figures",
    "zigan_verify.jare": "zigan_verify.analysis.jare",
    "zigan_verify.global_landscape": "zigan_verify.analysis.global_landscape",
    "zigan_verify.jare_experiment": "zigan_verify.experiments.jare_isotropic",
    "zigan_verify.report": "zigan_verify.interfaces.report",
    "zigan_verify.latex": "zigan_verify.interfaces.latex",
    "zigan_verify.pytest_plugin": "zigan_verify.interfaces.pytest_plugin",
    "zigan_verify.cli": "zigan_verify.interfaces.cli",
    "zigan_verify.schemas": "zigan_verify.interfaces.schemas",
}


def new_name(old: str) -> str | None:
    """The current name of ``old`` (a moved module or a submodule of a moved package)."""
    for prefix, target in MOVED.items():
        if old == prefix or old.startswith(prefix + "."):
            return target + old[len(prefix) :]
    return None


class _Alias(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self.own_spec = module.__spec__
        return module

    def exec_module(self, module) -> None:
        # The target ran at its own import; the import system has just set the alias spec on it:
        # give the module back its own spec.
        module.__spec__ = self.own_spec


class MovedFinder(importlib.abc.MetaPathFinder):
    """Resolves the 0.1 module names (NOTE: [moved modules])."""

    def find_spec(self, fullname, path=None, target=None):
        target_name = new_name(fullname)
        if target_name is None:
            return None
        warnings.warn(
            f"{fullname} moved to {target_name}; the old name will be removed in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        spec = importlib.util.find_spec(target_name)
        alias = importlib.util.spec_from_loader(
            fullname, _Alias(target_name), is_package=spec.submodule_search_locations is not None
        )
        return alias


def install() -> None:
    if not any(isinstance(f, MovedFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MovedFinder())


def forward(module: str, names: dict[str, str]):
    """A module ``__getattr__`` for names that moved out of ``module`` in 0.2 (NOTE: [moved
    modules]): ``names`` maps each old name to the module that defines it now. The access warns
    once per name and returns the same object. The target is imported by name, at first access
    only: it may sit in a higher layer (a paper-scale check that used to live in an analysis
    module), which the host must not import."""

    def __getattr__(name: str):
        target = names.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warnings.warn(
            f"{module}.{name} moved to {target}.{name}; the old name will be removed in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), name)

    return __getattr__
