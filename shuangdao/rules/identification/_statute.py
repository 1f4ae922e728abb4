"""The 2011 regulation, art. 8: a poor household under the provincial standard (S14, S15).

Art. 7 fixes no number, so the standard is a required input (:data:`STATUTE_HOUSEHOLD`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Final

from shuangdao.citations import Citation
from shuangdao.declare import Flag, ParamLine, PerCapita, Rule, declared
from shuangdao.errors import InvalidRecordError, InvalidTypeError, MissingParameterError
from shuangdao.explain import Decision
from shuangdao.model import Household, IncomeMeasure, PovertyStandard
from shuangdao.rules.identification._common import _standards
from shuangdao.standards import Standards
from shuangdao.standards.params import RegulationParams

__all__ = [
    "STATUTE_HOUSEHOLD",
    "identify_household_statute",
]

# --------------------------------------------------------------------------- statute
STATUTE_HOUSEHOLD: Final = Rule(
    id="identification.statute.household",
    subject="household",
    title_en="poor household",
    title_zh="贫困户",
    citation=Citation(("S14", "S15"), article="art. 8"),
    criteria=[
        # 第八条：家庭年人均纯收入低于本省农村扶贫标准 (art. 7: the province sets it; an input) ...
        PerCapita(
            "household_income",
            "income",
            "members",
            ParamLine(RegulationParams.poverty_standard),
            RegulationParams.poverty_standard_comparator,
            "household income",
            "家庭收入",
        ),
        # ... 有劳动能力 ...
        Flag(
            "labour_capacity",
            "has_labour_capacity",
            "has labour capacity",
            "有劳动能力",
            cites=RegulationParams.poverty_standard_comparator,
        ),
        # ... 有劳动意愿.
        Flag(
            "willing_to_work",
            "willing_to_work",
            "is willing to work",
            "有劳动意愿",
            cites=RegulationParams.poverty_standard_comparator,
        ),
    ],
)
"""The 2011 regulation, art. 8: income below the provincial standard, able and willing to
work (S14, S15)."""


_SUPPLIED: dict[tuple[Standards, Decimal, IncomeMeasure], Standards] = {}
_SUPPLIED_SIZE: Final = 64


def _with_standard(standards: Standards, standard: PovertyStandard) -> Standards:
    """``standards`` with a caller-supplied art. 7 standard (recorded as overrides)."""
    key = (standards, standard.amount, standard.income_measure)
    found = _SUPPLIED.get(key)
    if found is None:
        found = standards.with_overrides(
            {
                str(RegulationParams.poverty_standard): str(standard.amount),
                str(RegulationParams.poverty_standard_measure): standard.income_measure.value,
            }
        )
        if len(_SUPPLIED) >= _SUPPLIED_SIZE:
            _SUPPLIED.pop(next(iter(_SUPPLIED)))
        _SUPPLIED[key] = found
    return found


@declared(
    STATUTE_HOUSEHOLD,
    reads=(RegulationParams.in_force, RegulationParams.poverty_standard_measure),
)
def identify_household_statute(
    household: Household,
    *,
    on: dt.date,
    standard: PovertyStandard | None = None,
    standards: Standards | None = None,
) -> Decision:
    """Decide whether ``household`` is a poor household under the 2011 regulation, art. 8.

    Annual per-capita income below the provincial poverty standard (comparator
    ``regulation.poverty_standard_comparator``, 低于 = ``<``), **and** labour capacity
    **and** willingness to work. Declared as :data:`STATUTE_HOUSEHOLD`.

    Art. 7 fixes no number (the provincial government sets the standard), so the standard is
    a **required input**: pass ``standard`` (a :class:`~shuangdao.model.PovertyStandard`
    with its amount and income measure), or set ``regulation.poverty_standard`` (and
    ``regulation.poverty_standard_measure``, ``net`` by default: art. 8 speaks of net
    income) in the standards. A supplied standard is recorded in the decision's provenance as
    an override and is *assumed* (its figure is the caller's, not a cited one). The
    household's income must be in the standard's measure.

    Policy: S14, S15 (条例 arts. 7–8); S16 (in force 2012-01-01).

    Raises:
        MissingParameterError: No standard was supplied (the hint says how to supply one).
        InvalidRecordError: ``on`` is before ``regulation.in_force``; the household's
            ``income_measure`` is not the standard's; ``willing_to_work`` is not recorded.
        InvalidTypeError: ``on`` is not a date, or ``standard`` not a ``PovertyStandard``.

    Example:
        >>> import datetime as dt
        >>> from shuangdao import Household
        >>> from shuangdao.model import PovertyStandard
        >>> h = Household(household_id="h1", village_id="v1", members=1, income="3092.99",
        ...               has_labour_capacity=True, willing_to_work=True)
        >>> standard = PovertyStandard(amount="3093", income_measure="net")
        >>> d = identify_household_statute(h, on=dt.date(2014, 3, 1), standard=standard)
        >>> d.code, d.certainty.value
        ('selected', 'assumed')
    """
    rule = STATUTE_HOUSEHOLD
    s = _standards(standards)
    subject = f"household {household.household_id}"
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("must be a date", record=subject, field="on", value=on, rule=rule.id)
    if standard is not None:
        if not isinstance(standard, PovertyStandard):
            raise InvalidTypeError(
                f"must be a PovertyStandard, not {type(standard).__name__}",
                record=subject,
                field="standard",
                value=standard,
                rule=rule.id,
            )
        s = _with_standard(s, standard)
    in_force = s.params.regulation.in_force
    if on < in_force:
        raise InvalidRecordError(
            f"is before the regulation came into force on {in_force.isoformat()}",
            record=subject,
            field="on",
            value=on.isoformat(),
            rule=rule.id,
        )
    try:
        s.params.regulation.poverty_standard  # noqa: B018 - the required input
    except MissingParameterError as error:
        raise MissingParameterError(
            error.detail, record=subject, field=str(RegulationParams.poverty_standard), rule=rule.id
        ) from None
    measure = IncomeMeasure(s.params.regulation.poverty_standard_measure)
    if household.income_measure is not measure:
        raise InvalidRecordError(
            f"must be {measure.value} income, the measure of the poverty standard "
            f"({RegulationParams.poverty_standard_measure} = {measure.value}); a standard in "
            "one measure is never compared with income in the other",
            record=subject,
            field="income_measure",
            value=household.income_measure.value,
            rule=rule.id,
        )
    if household.willing_to_work is None:
        raise InvalidRecordError(
            "is not recorded; art. 8 requires willingness to work",
            record=subject,
            field="willing_to_work",
            value=None,
            rule=rule.id,
        )
    return rule.bind(s, on=on).decide(household, subject_id=household.household_id, as_of=on)
