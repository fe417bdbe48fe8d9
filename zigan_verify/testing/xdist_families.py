"""A pytest-xdist scheduler that keeps families of tests on one worker (NOTE: [xdist groups] in
the repository's ``conftest.py``), for a ``pytest_xdist_make_scheduler`` hook.

xdist's ``--dist loadgroup`` does this from ``xdist_group`` marks, but it rewrites
``item._nodeid``, which pytest >= 9.2 no longer reads, so the marks silently group nothing. This
is xdist's scope scheduler with the scope given by a function of the node id (a family name, or
the node id itself: a test of its own), and with a worker crash handled as ``--dist load``
handles it: the test that was running is reported as crashed and the rest of its family goes
back to the queue. (The scope scheduler re-queued the crashed test with them; under ours that
hung the run, and under ``--dist loadscope`` it ran the crashing test once per replacement
worker.)

Requires pytest-xdist; import it from the hook only.
"""

from __future__ import annotations

from collections.abc import Callable

from xdist.scheduler import LoadScopeScheduling

__all__ = ["FamilyScheduling"]


class FamilyScheduling(LoadScopeScheduling):
    """``LoadScopeScheduling`` (biggest scopes first) with ``family(nodeid)`` as the scope."""

    def __init__(self, config, log, family: Callable[[str], str | None]):
        super().__init__(config, log)
        self._family = family

    def _split_scope(self, nodeid: str) -> str:
        return self._family(nodeid) or nodeid

    def remove_node(self, node) -> str | None:
        """A finished worker (None), or a crashed one: its running test is returned, to be
        reported as crashed, and its other unfinished tests are queued again."""
        workload = self.assigned_work.pop(node)
        pending = [(scope, unit) for scope, unit in workload.items() if not all(unit.values())]
        if not pending:
            return None
        crashed = next(nodeid for _, unit in pending for nodeid, done in unit.items() if not done)
        for scope, unit in pending:
            unit.pop(crashed, None)
            if not all(unit.values()):
                self.workqueue[scope] = unit
        for other in self.assigned_work:
            self._reschedule(other)
        return crashed
