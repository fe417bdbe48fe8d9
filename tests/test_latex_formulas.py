"""The SymPy forms of formula-valued findings (claims/_formulas.py, NOTE: [finding formulas])."""

import pytest

from zigan_verify.claims import Status, registry
from zigan_verify.claims._formulas import formulas, prose

FINDINGS = (Status.ERRATUM, Status.CONDITIONAL, Status.REFUTED, Status.UNREPRODUCED)


def test_every_finding_is_on_exactly_one_reviewed_list():
    """A formula-valued finding without SymPy forms fails here (it would print as text)."""
    findings = {cid for cid, c in registry().items() if c.status in FINDINGS}
    on_formulas, on_prose = set(formulas()), set(prose())
    assert not on_formulas & on_prose
    assert findings - on_formulas - on_prose == set()
    assert (on_formulas | on_prose) - findings == set()


def test_claim_exposes_its_formula():
    assert registry()["002.cor2"].formula is formulas()["002.cor2"]
    assert registry()["000.thm3"].formula is None


def _params():
    for cid in sorted(formulas()):
        marks = [pytest.mark.claim(cid)]
        if cid == "000.B3.H_wtheta":  # 3.5 s of block proofs, also run by check_block
            marks.append(pytest.mark.slow)
        yield pytest.param(cid, marks=marks, id=cid)


@pytest.mark.parametrize("claim_id", list(_params()))
def test_corrected_form_equals_the_derivation_and_printed_does_not(claim_id):
    corrected_ok, printed_ok = formulas()[claim_id].proof()
    assert corrected_ok, f"{claim_id}: the corrected form differs from the derivation"
    # negative control: the printed form is not the derived one (every listed finding changes
    # the formula, including the conditional ones whose printed form omits the condition)
    assert not printed_ok, f"{claim_id}: the printed form equals the derivation"
