"""Property tests for the funding ledger: totals are conserved under any order of recording."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shuangdao.model import FundingLedger
from shuangdao.serialize import from_json, to_json
from shuangdao.testing._funding import funding_ledgers, funding_records


@given(funding_records(), st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_recording_order(records, rnd):
    """Any permutation of the records gives the same balance and totals."""
    shuffled = list(records)
    rnd.shuffle(shuffled)
    one, other = FundingLedger.of(records), FundingLedger.of(shuffled)
    assert one.balance() == other.balance()
    for key in ("source", "origin", "level", "purpose", "recipient", "year"):
        for what in ("allocated", "disbursed", "outstanding"):
            assert one.totals_by(key, what=what) == other.totals_by(key, what=what)


@given(funding_ledgers())
def test_conservation(ledger):
    """allocated = disbursed + outstanding, and every grouping adds up to the totals."""
    balance = ledger.balance()
    assert balance.conserved
    assert balance.outstanding >= 0
    for key in ("source", "origin", "purpose", "year"):
        assert sum(ledger.totals_by(key).values(), Decimal(0)) == balance.allocated
        assert sum(ledger.totals_by(key, what="disbursed").values(), Decimal(0)) == (
            balance.disbursed
        )


@given(funding_ledgers(max_allocations=4))
def test_json_round_trip(ledger):
    """Ledgers serialise losslessly."""
    assert from_json(to_json(ledger), FundingLedger) == ledger
