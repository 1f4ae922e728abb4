"""Criterion kinds of the pairing and funding rules: counts, limits, dated duties, lists, amounts.

The identification rules compare money with lines (:mod:`shuangdao.declare`'s ``Compare``,
``PerCapita``, ``Share``). The pairing and funding rules mostly *count* (units on a village,
households of a cadre), check yes/no facts that a dated text made a duty (a signed agreement,
from the 2011 regulation), check values against a list (the plan catalogue, the subsidy's
eligible assistance) or give an amount (a subsidy tier). These are the kinds of criterion they
declare, each following :mod:`shuangdao.declare`'s protocol: frozen data with ``name``,
``inputs`` and ``keys``; :meth:`bind` reads the parameters once and returns a bound criterion
with ``reason(values, subject_id)`` (one record, the scalar evaluator) and ``column(columns)``
(a table, the columnar evaluator), both deciding the same way:

============================  =============================================  ====================
kind                          holds when                                     columns
============================  =============================================  ====================
:class:`Present`              ``count >= 1`` (a named responsible person)    integer counts
:class:`Limit`                ``count <op> limit`` (at most N households;    integer counts
                              the limit read from a parameter, switchable)
:class:`Fact`                 ``flag is required`` (switchable), with notes  booleans
:class:`InForce`              the wrapped criterion, from a text's           the wrapped ones
                              effective date on (before it: holds, "not
                              yet in force")
:class:`AllIn`                every value of a list is in a catalogue        list<string>
:class:`OneOf`                a value is one of a list parameter             strings
:class:`DueBy`                the day checked is not after the deadline of   integer years
                              a target year
:class:`YearWithin`           a year lies in a programme's years             integer years
:class:`Below`                ``observed < other`` (money)                   integer fen
:class:`Unsigned`             a required signature is missing                booleans
:class:`NotAmong`             a value is not in the row's own list           string, list<string>
:class:`TierAmount`           always (it reports an amount: a subsidy tier)  integer tiers, flags
============================  =============================================  ====================

Inputs a reason only *describes* (the ids of the units counted, an agreement's commitments)
are ``details``: the scalar evaluator reads them for the reason's notes, the columnar one never
needs them. Counts are never divided and money is compared in integer fen, so no decimal
context is involved.
"""

from shuangdao.rules.criteria._amounts import Below, TierAmount
from shuangdao.rules.criteria._common import Notes
from shuangdao.rules.criteria._counts import Limit, Present
from shuangdao.rules.criteria._dates import DueBy, YearWithin
from shuangdao.rules.criteria._facts import Fact, InForce, Unsigned
from shuangdao.rules.criteria._lists import AllIn, NotAmong, OneOf

__all__ = [
    "AllIn",
    "Below",
    "DueBy",
    "Fact",
    "InForce",
    "Limit",
    "NotAmong",
    "Notes",
    "OneOf",
    "Present",
    "TierAmount",
    "Unsigned",
    "YearWithin",
]
