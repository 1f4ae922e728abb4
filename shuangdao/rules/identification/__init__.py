"""Who is poor, and why: identification rules of rounds 1–3 and the 2011 regulation.

Each rule is **declared once** (a :class:`~shuangdao.declare.Rule` next to the function that
applies it: ``ROUND2_HOUSEHOLD`` beside :func:`identify_household_round2`) and evaluated by
two evaluators of that declaration: the functions here decide one record and explain it
(a :class:`~shuangdao.explain.Decision` with one :class:`~shuangdao.explain.Reason` per
criterion), and :mod:`shuangdao.batch` decides whole tables in integer columns with the same
declarations, so the two cannot drift.

===========================================  =================================================
rule id                                      criteria (in order; the code lists failing ones)
===========================================  =================================================
``identification.round1.village``            ``designated``
``identification.round1.household``          ``in_designated_village``, ``household_income``
``identification.round1.household_class``    ``poor_household``, ``welfare_income`` (welfare
                                             household 低保户, else development household)
``identification.round2.village``            ``village_income``, ``collective_income``
``identification.round2.household``          ``in_key_village``, ``household_income``,
                                             ``labour_capacity``
``identification.round3.village``            ``village_income``, ``poor_share`` (+ informational
                                             ``priority_dilapidated_housing``,
                                             ``priority_special_area``)
``identification.round3.household``          ``household_income``
``identification.statute.household``         ``household_income``, ``labour_capacity``,
                                             ``willing_to_work``
===========================================  =================================================

Each round is a module of its own (round 1, round 2, round 3, the 2011 regulation), with how
the rounds fit together (:data:`IDENTIFICATION`) and the shared checks beside them; every
name is imported from here (the many-records path, :func:`identify`, too).

Decision codes are ``"selected"`` or ``"not:" + "+".join(failing criteria)`` (e.g.
``"not:household_income+labour_capacity"``), stable for tables and the batch path.

Exactness:
    Per-capita comparisons never divide. A household is compared as
    ``income <op> line × members`` in integers (:mod:`shuangdao.declare.kernel`), whatever
    the caller's decimal context. The reason's ``observed`` is the household's total
    income, its ``threshold`` is ``line × members`` (``per_capita`` and ``persons`` give the
    two factors), and its ``margin`` is the *per-capita* margin ``income / members - line``
    rounded half-even to 0.0001 yuan — reported only, it never decides. Village margins
    are ``observed - threshold``. The round-3 share test is
    ``poor persons >= share × registered population``, also exact.

Certainty:
    Every decision carries the weakest certainty among the values it read (its
    :attr:`~shuangdao.explain.Decision.certainty`): round 1's ``以下`` comparator is recalled,
    so every round-1 household decision is *recalled*; a household's decision is never more
    certain than its village's rule.

Thresholds and comparators are always read from the standards (``standards=None`` means
:func:`~shuangdao.standards.default_standards`) through the typed keys of
:mod:`shuangdao.standards.params`. Income calibers must match the round: rounds 1–2 and the
round-2 village rule take **net** income, round 3 takes **disposable** income at 2014
prices; a mismatch is an :class:`InvalidRecordError`.

Example:
    >>> from shuangdao import Household
    >>> h = Household(household_id="h1", village_id="v1", members=4, income="12371.99",
    ...               has_labour_capacity=True)
    >>> d = identify_household_round2(h, in_key_village=True)
    >>> d.outcome, d.code, d.reason("household_income").margin
    (True, 'selected', Decimal('-0.0025'))
"""

from shuangdao.rules.identification._round1 import (
    ROUND1_HOUSEHOLD,
    ROUND1_HOUSEHOLD_CLASS,
    ROUND1_VILLAGE,
    ROUND1_VILLAGE_BY_COLLECTIVE_INCOME,
    classify_household_round1,
    household_class_of,
    identify_household_round1,
    identify_village_round1,
    round1_village_rule,
)
from shuangdao.rules.identification._round2 import (
    ROUND2_HOUSEHOLD,
    ROUND2_VILLAGE,
    identify_household_round2,
    identify_village_round2,
)
from shuangdao.rules.identification._round3 import (
    ROUND3_HOUSEHOLD,
    ROUND3_VILLAGE,
    identify_household_round3,
    identify_village_round3,
)
from shuangdao.rules.identification._rounds import (
    IDENTIFICATION,
    IDENTIFICATION_RULES,
    RULE_IDS,
    Designation,
    RoundIdentification,
    household_rule,
    village_rule,
)
from shuangdao.rules.identification._statute import STATUTE_HOUSEHOLD, identify_household_statute

__all__ = [
    "Designation",
    "IDENTIFICATION",
    "IDENTIFICATION_RULES",
    "IdentificationResult",
    "PartialIdentification",
    "ROUND1_HOUSEHOLD",
    "ROUND1_HOUSEHOLD_CLASS",
    "ROUND1_VILLAGE",
    "ROUND1_VILLAGE_BY_COLLECTIVE_INCOME",
    "ROUND2_HOUSEHOLD",
    "ROUND2_VILLAGE",
    "ROUND3_HOUSEHOLD",
    "ROUND3_VILLAGE",
    "RULE_IDS",
    "RecordFailure",
    "RoundIdentification",
    "STATUTE_HOUSEHOLD",
    "classify_household_round1",
    "household_class_of",
    "household_rule",
    "identify",
    "identify_household_round1",
    "identify_household_round2",
    "identify_household_round3",
    "identify_household_statute",
    "identify_partial",
    "identify_village_round1",
    "identify_village_round2",
    "identify_village_round3",
    "round1_village_rule",
    "village_rule",
]

# The many-records path (identify, IdentificationResult) lives in its own module; it uses the
# rules above, so it is imported last.
from shuangdao.rules._identify_many import (
    IdentificationResult,
    PartialIdentification,
    RecordFailure,
    identify,
    identify_partial,
)
