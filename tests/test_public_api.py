"""Import smoke test of the public surface."""

import pytest

import zigan_verify
import zigan_verify.strategies


@pytest.mark.parametrize(
    "module", [zigan_verify, zigan_verify.strategies], ids=lambda m: m.__name__
)
def test_all_names_exist(module):
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing
    assert len(set(module.__all__)) == len(module.__all__)


# NOTE: [moved modules]: every 0.1 module name still imports, warns, and is the same module.
from zigan_verify._moved import MOVED  # noqa: E402


@pytest.mark.parametrize("old", sorted(MOVED))
def test_moved_module_imports_with_a_deprecation_warning(old):
    import importlib
    import sys

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {MOVED[old]}"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(MOVED[old])
    assert module.__spec__.name == MOVED[old]  # the module keeps its own spec
    sys.modules.pop(old, None)


def test_moved_package_submodules_resolve():
    import importlib
    import sys
    import warnings

    for name in ("zigan_verify.symbolic.zigan", "zigan_verify.symbolic"):
        sys.modules.pop(name, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = importlib.import_module("zigan_verify.symbolic.zigan")
    assert [str(w.message).split(";")[0] for w in caught] == [
        "zigan_verify.symbolic moved to zigan_verify.game.symbolic",
        "zigan_verify.symbolic.zigan moved to zigan_verify.game.symbolic.zigan",
    ]
    assert old is importlib.import_module("zigan_verify.game.symbolic.zigan")
    for name in ("zigan_verify.symbolic.zigan", "zigan_verify.symbolic"):
        sys.modules.pop(name, None)


def test_unmoved_names_are_not_aliased():
    """A negative control: only the map's names (and their submodules) are redirected."""
    from zigan_verify._moved import new_name

    assert new_name("zigan_verify.claims") is None
    assert new_name("zigan_verify.jare_experimental") is None  # a prefix is not a parent
    assert new_name("zigan_verify.jare.factors") == "zigan_verify.analysis.jare.factors"


def test_relayout_map_agrees_with_the_finder():
    """tools/relayout_map.txt (for branches written against 0.1) and MOVED name the same moves."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "tools" / "relayout_map.txt").read_text()
    rows = dict(line.split() for line in text.splitlines() if line and not line.startswith("#"))
    public = {old: new for old, new in rows.items() if not old.rsplit(".", 1)[1].startswith("_")}
    assert public == {k: v for k, v in MOVED.items() if k != "zigan_verify.schemas"}


# Names that moved out of a module in 0.2 still resolve from it, with a warning.
FORWARDED = [
    ("zigan_verify.game.games", "module_game", "zigan_verify.game.module_game"),
    (
        "zigan_verify.analysis.lastlayer",
        "paper_scale_invariant",
        "zigan_verify.checks.implicit_bias",
    ),
    ("zigan_verify.analysis.paper_scale", "theorem3_spectrum", "zigan_verify.checks.paper_scale"),
    ("zigan_verify.experiments.zigan_s7", "verdicts", "zigan_verify.experiments.s7_verdicts"),
    ("zigan_verify.experiments.zigan_s7", "plot_grids", "zigan_verify.experiments.s7_figures"),
    ("zigan_verify.checks.jare", "check_table1", "zigan_verify.checks.jare_general"),
    ("zigan_verify.checks.jare", "check_ring_mog", "zigan_verify.checks.jare_experiments"),
    (
        "zigan_verify.checks.global_landscape",
        "check_thm2",
        "zigan_verify.checks.global_landscape_theorems",
    ),
    (
        "zigan_verify.checks.landscape",
        "check_fig3_minimization",
        "zigan_verify.checks.landscape_mog",
    ),
]


@pytest.mark.parametrize(("old", "name", "new"), FORWARDED, ids=lambda x: str(x).rsplit(".", 1)[-1])
def test_moved_name_resolves_from_its_old_module_with_a_warning(old, name, new):
    import importlib

    with pytest.warns(DeprecationWarning, match=f"{old}.{name} moved to {new}.{name}"):
        got = getattr(importlib.import_module(old), name)
    assert got is getattr(importlib.import_module(new), name)


def test_old_module_still_refuses_unknown_names():
    """A negative control: the forwarding raises AttributeError for a name that never lived there."""
    import zigan_verify.game.games as games

    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        games.not_a_name  # noqa: B018
