"""Outcome metrics: poverty (FGT), targets met, regional disparity, urban-rural gap, livelihood.

Every metric works on **objects** (sequences of :class:`~shuangdao.model.Household`,
:class:`Region`, :class:`VillageLivelihood`) and on **tables** (a :class:`pyarrow.Table`, a pandas
or polars DataFrame, or anything exposing the Arrow C stream interface; pyarrow is imported only
when a table is passed — it is in the ``frame`` extra). Both paths convert to the same exact
integers (income in fen, persons) and share one computation, so they give identical results.

Exactness: money is read as exact fen; headcount ratios and shares are
:class:`fractions.Fraction`; indices that the math keeps rational (FGT with an integer α) are
computed as exact fractions and only then rounded, half-even, to :data:`PLACES` decimals;
square roots (coefficients of variation) and non-integer powers are computed with 50 significant
digits and rounded the same way.

Unit of analysis: the FGT indices and target shares count **persons** by default. A household's
per-capita income (income / members) is the income of each of its members, so a household weighs
as many persons as it has members (``weight="persons"``); ``weight="households"`` counts
households instead.

The published outcomes these metrics can be compared with are cited data in
``shuangdao/standards/data/outcomes.toml`` (seed p. 5; S30, S31).

Example:
    >>> from shuangdao.model import Household
    >>> hs = [Household(household_id=f"h{i}", village_id="v", members=1, income=i,
    ...                 has_labour_capacity=True) for i in (1, 2, 3, 4)]
    >>> poverty_headcount_ratio(hs, 3)
    Fraction(1, 2)
    >>> poverty_gap_index(hs, 3), squared_poverty_gap_index(hs, 3)
    (Decimal('0.250000000000'), Decimal('0.138888888889'))
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal

from attrs import field, frozen

from shuangdao.errors import InvalidRecordError, InvalidTypeError
from shuangdao.model.fields import at_least, identifier, model, of_type
from shuangdao.model.household import Household
from shuangdao.quantities import Comparator, money, ratio, to_fen
from shuangdao.standards import ParamType, Standards, default_standards

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Coverage",
    "LivelihoodIndicator",
    "PLACES",
    "Region",
    "VillageLivelihood",
    "fgt_fraction",
    "fgt_index",
    "livelihood_coverage",
    "poor_persons",
    "poverty_gap_index",
    "poverty_headcount_ratio",
    "regional_difference_coefficient",
    "resolve_line",
    "share_meeting_target",
    "squared_poverty_gap_index",
    "urban_rural_income_ratio",
]

PLACES: Final = 12
"""Decimal places of rounded (non-fraction) results; rounding is half-even."""

_CTX: Final = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_EVEN, traps=[])

Weight = Literal["persons", "households"]
"""Unit of analysis: persons (household weighted by members) or households."""

Line = str | Decimal | int
"""A line: a standards key (``"round2.household_line"``) or an amount in yuan."""


# --- inputs --------------------------------------------------------------------------------------


def _is_table(data: object) -> bool:
    """Whether ``data`` is a dataframe/Arrow object rather than a sequence of records."""
    root = type(data).__module__.split(".", maxsplit=1)[0]
    return root in {"pyarrow", "pandas", "polars"} or hasattr(data, "__arrow_c_stream__")


def _arrow(data: object) -> Any:
    """Return ``data`` as a :class:`pyarrow.Table` (imports pyarrow lazily)."""
    try:
        import pyarrow as pa  # optional dependency (frame extra), imported on use
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise InvalidTypeError(
            "needs pyarrow for tables: pip install 'shuangdao[frame]'", field="data"
        ) from error
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    root = type(data).__module__.split(".", maxsplit=1)[0]
    if root == "pandas":
        return pa.Table.from_pandas(data, preserve_index=False)
    if root == "polars":
        return data.to_arrow()  # type: ignore[attr-defined]
    return pa.table(data)


def _checked(table: Any, name: str) -> Any:
    """Return a column; a missing column or a null is an error naming the row."""
    if name not in table.column_names:
        raise InvalidRecordError(
            f"is not a column of the table (columns: {', '.join(table.column_names)})",
            field=name,
            value=name,
            rule="metrics",
        )
    column = table.column(name)
    if column.null_count:
        index = column.to_pylist().index(None)
        raise InvalidRecordError("must not be null", record=f"row {index}", field=name)
    return column


def _column(table: Any, name: str) -> list[Any]:
    """Return a column as Python values (checked by :func:`_checked`)."""
    values: list[Any] = _checked(table, name).to_pylist()
    return values


def _fen_column(table: Any, name: str) -> list[int]:
    """A money column as exact fen; decimal and integer columns take a vectorised path."""
    import pyarrow as pa  # optional dependency (frame extra), imported on use
    import pyarrow.compute as pc

    column = _checked(table, name)
    kind = column.type
    fast = (pa.types.is_decimal(kind) and kind.scale <= 2) or pa.types.is_integer(kind)
    if not fast or not len(column):
        return [_fen(v, field=name, record=f"row {n}") for n, v in enumerate(column.to_pylist())]
    if pc.min(column).as_py() < 0:
        values = column.to_pylist()
        index = next(i for i, v in enumerate(values) if v < 0)
        raise InvalidRecordError(
            "must be >= 0", record=f"row {index}", field=name, value=values[index]
        )
    if pa.types.is_integer(kind):
        return [v * 100 for v in column.to_pylist()]
    scaled = pc.multiply(column, pa.scalar(Decimal(100), pa.decimal128(3, 0)))
    return list(scaled.cast(pa.int64()).to_pylist())


def _members_column(table: Any, name: str) -> list[int]:
    """A members column as ints >= 1."""
    import pyarrow as pa  # optional dependency (frame extra), imported on use
    import pyarrow.compute as pc

    column = _checked(table, name)
    values: list[Any] = column.to_pylist()
    if pa.types.is_integer(column.type) and (not len(column) or pc.min(column).as_py() >= 1):
        return values
    return [_members(v, field=name, record=f"row {n}") for n, v in enumerate(values)]


def _fen(value: object, *, field: str, record: str) -> int:
    """Exact fen of a money value from a record or a table cell."""
    return to_fen(money(value, field=field, record=record))


def _members(value: object, *, field: str, record: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRecordError(
            "must be a whole number >= 1", record=record, field=field, value=value
        )
    return value


def _income_units(
    data: object, *, income_column: str, members_column: str
) -> list[tuple[int, int]]:
    """``(income in fen, members)`` per household, from objects or a table."""
    if _is_table(data):
        table = _arrow(data)
        incomes = _fen_column(table, income_column)
        members = _members_column(table, members_column)
        return list(zip(incomes, members, strict=True))
    if not isinstance(data, Iterable) or isinstance(data, str | bytes):
        raise InvalidTypeError(
            f"must be households or a table, not {type(data).__name__}", field="data"
        )
    units = []
    for item in data:
        if not isinstance(item, Household):
            raise InvalidTypeError(
                f"must hold Household records, not {type(item).__name__}",
                field="data",
                value=item,
            )
        units.append((to_fen(item.income), item.members))
    return units


def _standards(standards: Standards | None) -> Standards:
    return default_standards() if standards is None else standards


def _companion(key: str) -> str:
    """``round2.household_line`` → ``round2.household_comparator`` (``_lines`` likewise).

    Every line's comparator follows this naming since 0.2.0 (``round1.collective_line`` →
    ``round1.collective_comparator``, the < selection rule).
    """
    for suffix in ("_lines", "_line"):
        if key.endswith(suffix):
            return key.removesuffix(suffix) + "_comparator"
    return key + "_comparator"


def resolve_line(
    line: Line,
    *,
    comparator: Comparator | None = None,
    default: Comparator,
    standards: Standards | None = None,
    year: int | None = None,
) -> tuple[Decimal, Comparator]:
    """Resolve a line given as a standards key or an amount, and its comparator.

    A key names a ``money`` parameter, or a ``money_by_year`` one together with ``year``
    (``"round3.exit_lines"``). The comparator is ``comparator`` if given, else the key's
    companion parameter (``<stem>_comparator``, e.g. ``round2.household_comparator``), else
    ``default``.

    Example:
        >>> resolve_line("round2.household_line", default=Comparator.LT)
        (Decimal('3093.00'), <Comparator.LT: 'lt'>)
        >>> resolve_line("round3.exit_lines", year=2017, default=Comparator.LT)
        (Decimal('6883.00'), <Comparator.GE: 'ge'>)
    """
    if isinstance(line, str):
        s = _standards(standards)
        line = s.canonical_key(line)
        parameter = s.param(line)
        if parameter.type is ParamType.MONEY:
            amount: Decimal = s.value(line)
        elif parameter.type is ParamType.MONEY_BY_YEAR:
            table: Mapping[int, Decimal] = s.value(line)
            if year is None or year not in table:
                raise InvalidRecordError(
                    f"needs year= one of {', '.join(str(y) for y in table)}",
                    field="year",
                    value=year,
                    rule="metrics",
                )
            amount = table[year]
        else:
            raise InvalidTypeError(
                f"is a {parameter.type.value} parameter, not a line in yuan",
                field="line",
                value=line,
                rule="metrics",
            )
        if comparator is None:
            companion = _companion(line)
            comparator = s.value(companion) if companion in s.parameters else default
        return amount, comparator
    return money(line, field="line"), comparator or default


def _poor_comparator(comparator: Comparator) -> Comparator:
    """Below-the-line comparator: a target's (>=, >) negation, else itself."""
    return comparator.negated if comparator in (Comparator.GE, Comparator.GT) else comparator


# --- FGT -----------------------------------------------------------------------------------------


def _alpha(alpha: object) -> Decimal:
    if isinstance(alpha, bool):
        raise InvalidTypeError("must be a number >= 0", field="alpha", value=alpha)
    return ratio(alpha, field="alpha", maximum=None)


def _fgt_exact(
    units: Sequence[tuple[int, int]], z: int, comparator: Comparator, alpha: int, weight: Weight
) -> Fraction:
    """Exact P_alpha (integer alpha) over ``(income fen, members)`` units, line ``z`` fen."""
    population = sum(m if weight == "persons" else 1 for _, m in units)
    if population == 0:
        raise InvalidRecordError("must hold at least one household", field="data", rule="metrics")
    if z <= 0:
        raise InvalidRecordError("must be > 0", field="line", value=z, rule="metrics")
    sums: dict[int, int] = {}
    for income, members in units:
        threshold = z * members
        if comparator.holds(income, threshold):
            sums[members] = sums.get(members, 0) + (threshold - income) ** alpha
    total = Fraction(0)
    for members, shortfalls in sums.items():
        w = members if weight == "persons" else 1
        total += Fraction(shortfalls * w, (z * members) ** alpha)
    return total / population


def _fgt_decimal(
    units: Sequence[tuple[int, int]], z: int, comparator: Comparator, alpha: Decimal, weight: Weight
) -> Decimal:
    """P_alpha for a non-integer alpha, 50 significant digits."""
    population = sum(m if weight == "persons" else 1 for _, m in units)
    if population == 0:
        raise InvalidRecordError("must hold at least one household", field="data", rule="metrics")
    if z <= 0:
        raise InvalidRecordError("must be > 0", field="line", value=z, rule="metrics")
    total = Decimal(0)
    for income, members in units:
        threshold = z * members
        if comparator.holds(income, threshold) and threshold > income:
            gap = _CTX.divide(Decimal(threshold - income), Decimal(threshold))
            w = members if weight == "persons" else 1
            total = _CTX.add(total, _CTX.multiply(Decimal(w), _CTX.power(gap, alpha)))
    return _CTX.divide(total, Decimal(population))


def _round(value: Fraction | Decimal, places: int) -> Decimal:
    """Round half-even to ``places`` decimals."""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        value = _CTX.divide(Decimal(value.numerator), Decimal(value.denominator))
    return value.quantize(quantum, context=_CTX)


def fgt_fraction(
    data: object,
    line: Line,
    *,
    alpha: int,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    income_column: str = "income",
    members_column: str = "members",
) -> Fraction:
    r"""The Foster–Greer–Thorbecke index :math:`P_\alpha` as an exact fraction (integer α ≥ 0).

    .. math:: P_\alpha = \frac{1}{N}\sum_{h\ \text{poor}} w_h \left(\frac{z - y_h}{z}\right)^\alpha

    with :math:`y_h` the household's per-capita income (income / members), :math:`z` the line,
    :math:`w_h` its members (``weight="persons"``, the default) or 1 (``"households"``), and
    :math:`N = \sum_h w_h`. :math:`P_0` is the headcount ratio, :math:`P_1` the poverty gap
    index, :math:`P_2` the squared poverty gap ("severity"). Because
    :math:`w_h((z-y_h)/z)^\alpha = w_h (z m_h - I_h)^\alpha / (z m_h)^\alpha` with the
    household total :math:`I_h` in fen, every term is rational and the sum is exact.

    Who is poor: ``comparator`` holds between the household's total income and ``line ×
    members`` (:func:`~shuangdao.quantities.compare_per_capita`, never a division). It defaults
    to the line's companion comparator in the standards (``round2.household_line`` → ``<``,
    ``round1.household_line`` → ``<=``), else ``<`` for an amount (the handbook convention,
    Haughton & Khandker 2009 ch. 4; FGT 1984 count :math:`y \le z` as poor, which changes only
    :math:`P_0`). A target comparator (``>=``, ``>``; e.g. ``round1.exit_line``) is negated: the
    "poor" are those who have not reached the target.

    Source: J. Foster, J. Greer, E. Thorbecke, "A Class of Decomposable Poverty Measures",
    *Econometrica* 52(3), 1984, 761–766.

    Args:
        data: Households (objects) or a table with ``income_column`` (household total, yuan)
            and ``members_column``.
        line: A standards key or an amount in yuan per person.
        alpha: Poverty aversion, a whole number >= 0 (use :func:`fgt_index` for others).
        comparator: How income is compared with the line (see above).
        standards: Standards to read a key from.
        year: For lines by year (``round3.exit_lines``).
        weight: ``"persons"`` or ``"households"``.
        income_column: Income column of a table.
        members_column: Members column of a table.

    Raises:
        InvalidRecordError: No households, a line <= 0, a negative alpha, bad rows.

    Example:
        >>> from shuangdao.model import Household
        >>> hs = [Household(household_id=f"h{i}", village_id="v", members=1, income=i,
        ...                 has_labour_capacity=True) for i in (1, 2, 3, 4)]
        >>> fgt_fraction(hs, 3, alpha=2)
        Fraction(5, 36)
    """
    if isinstance(alpha, bool) or not isinstance(alpha, int) or alpha < 0:
        raise InvalidRecordError("must be a whole number >= 0", field="alpha", value=alpha)
    amount, used = resolve_line(
        line, comparator=comparator, default=Comparator.LT, standards=standards, year=year
    )
    units = _income_units(data, income_column=income_column, members_column=members_column)
    return _fgt_exact(units, to_fen(amount), _poor_comparator(used), alpha, weight)


def fgt_index(
    data: object,
    line: Line,
    *,
    alpha: int | Decimal | str = 0,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    places: int = PLACES,
    income_column: str = "income",
    members_column: str = "members",
) -> Decimal:
    """The FGT index for any α >= 0, rounded half-even to ``places`` decimals.

    Integer α is computed exactly (:func:`fgt_fraction`) and rounded once; other α with 50
    significant digits. Arguments as :func:`fgt_fraction`.

    Example:
        >>> from shuangdao.model import Household
        >>> hs = [Household(household_id="h", village_id="v", members=4, income=8000,
        ...                 has_labour_capacity=True)]
        >>> fgt_index(hs, 4000, alpha="0.5", places=6)
        Decimal('0.707107')
    """
    exponent = _alpha(alpha)
    amount, used = resolve_line(
        line, comparator=comparator, default=Comparator.LT, standards=standards, year=year
    )
    units = _income_units(data, income_column=income_column, members_column=members_column)
    poor = _poor_comparator(used)
    z = to_fen(amount)
    if exponent == exponent.to_integral_value():
        return _round(_fgt_exact(units, z, poor, int(exponent), weight), places)
    return _round(_fgt_decimal(units, z, poor, exponent, weight), places)


def poverty_headcount_ratio(
    data: object,
    line: Line,
    *,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    income_column: str = "income",
    members_column: str = "members",
) -> Fraction:
    """The poverty headcount ratio P0 (share of persons below the line), exact.

    Equals the share of persons in the households that
    :func:`~shuangdao.quantities.compare_per_capita` selects for the same line and comparator.
    See :func:`fgt_fraction` for the arguments.

    Example:
        >>> poverty_headcount_ratio([], 3)
        Traceback (most recent call last):
        ...
        shuangdao.errors.InvalidRecordError: data must hold at least one household (rule metrics)
    """
    return fgt_fraction(
        data,
        line,
        alpha=0,
        comparator=comparator,
        standards=standards,
        year=year,
        weight=weight,
        income_column=income_column,
        members_column=members_column,
    )


def poor_persons(
    data: object,
    line: Line,
    *,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    income_column: str = "income",
    members_column: str = "members",
) -> int:
    """Number of persons below the line (in households the line selects; see :func:`fgt_fraction`).

    Example:
        >>> from shuangdao.model import Household
        >>> hs = [Household(household_id="h", village_id="v", members=4, income="12371.99",
        ...                 has_labour_capacity=True)]
        >>> poor_persons(hs, "round2.household_line")
        4
    """
    amount, used = resolve_line(
        line, comparator=comparator, default=Comparator.LT, standards=standards, year=year
    )
    z = to_fen(amount)
    poor = _poor_comparator(used)
    units = _income_units(data, income_column=income_column, members_column=members_column)
    return sum(m for income, m in units if poor.holds(income, z * m))


def poverty_gap_index(
    data: object,
    line: Line,
    *,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    places: int = PLACES,
    income_column: str = "income",
    members_column: str = "members",
) -> Decimal:
    """The poverty gap index P1 (mean shortfall from the line as a share of it; non-poor = 0).

    Computed exactly and rounded half-even to ``places`` decimals; see :func:`fgt_fraction`.
    """
    return fgt_index(
        data,
        line,
        alpha=1,
        comparator=comparator,
        standards=standards,
        year=year,
        weight=weight,
        places=places,
        income_column=income_column,
        members_column=members_column,
    )


def squared_poverty_gap_index(
    data: object,
    line: Line,
    *,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    places: int = PLACES,
    income_column: str = "income",
    members_column: str = "members",
) -> Decimal:
    """The squared poverty gap (severity) index P2; see :func:`fgt_fraction`."""
    return fgt_index(
        data,
        line,
        alpha=2,
        comparator=comparator,
        standards=standards,
        year=year,
        weight=weight,
        places=places,
        income_column=income_column,
        members_column=members_column,
    )


def share_meeting_target(
    data: object,
    target: Line,
    *,
    comparator: Comparator | None = None,
    standards: Standards | None = None,
    year: int | None = None,
    weight: Weight = "persons",
    income_column: str = "income",
    members_column: str = "members",
) -> Fraction:
    """Share of assisted persons (or households) whose per-capita income meets a target, exact.

    E.g. round 1's programme target: at least 80 % of the assisted poor reach 2500 yuan or more
    (``round1.exit_line`` with ``>=``, S11 art. 1). The comparator defaults to the target's
    companion in the standards, else ``>=`` (达到…以上).

    Example:
        >>> from shuangdao.model import Household
        >>> hs = [Household(household_id=f"h{i}", village_id="v", members=m, income=inc,
        ...                 has_labour_capacity=True)
        ...       for i, (m, inc) in enumerate([(4, 10000), (1, 2499)])]
        >>> share_meeting_target(hs, "round1.exit_line")
        Fraction(4, 5)
    """
    amount, used = resolve_line(
        target, comparator=comparator, default=Comparator.GE, standards=standards, year=year
    )
    units = _income_units(data, income_column=income_column, members_column=members_column)
    z = to_fen(amount)
    population = sum(m if weight == "persons" else 1 for _, m in units)
    if population == 0:
        raise InvalidRecordError("must hold at least one household", field="data", rule="metrics")
    met = sum((m if weight == "persons" else 1) for income, m in units if used.holds(income, z * m))
    return Fraction(met, population)


# --- regional disparity --------------------------------------------------------------------------


def _nonnegative(value: object) -> Decimal:
    """Convert ``gdp`` to an exact number >= 0 (any unit)."""
    return ratio(value, field="gdp", maximum=None)


@model("region", "region_id")
@frozen
class Region:
    """A region's output and population, for :func:`regional_difference_coefficient`.

    Attributes:
        region_id: Stable id (e.g. a prefecture-level city).
        gdp: Total GDP (any unit, exact; only ratios are used).
        population: Resident population (>= 1).
    """

    region_id: str = field(validator=identifier)
    gdp: Decimal = field(converter=_nonnegative)
    population: int = field(validator=at_least(1))


def _sqrt_fraction(value: Fraction, places: int) -> Decimal:
    root = _CTX.divide(Decimal(value.numerator), Decimal(value.denominator)).sqrt(_CTX)
    return _round(root, places)


def regional_difference_coefficient(
    regions: object,
    *,
    weighted: bool = True,
    places: int = PLACES,
    gdp_column: str = "gdp",
    population_column: str = "population",
) -> Decimal:
    r"""The regional difference coefficient (区域发展差异系数): CV of per-capita GDP across regions.

    Weighted (default; Williamson 1965):

    .. math:: V_w = \frac{1}{\bar y}\sqrt{\sum_i \frac{p_i}{P}(y_i - \bar y)^2},\quad
              \bar y = \frac{\sum_i \mathrm{GDP}_i}{P}

    with :math:`y_i = \mathrm{GDP}_i / p_i` and :math:`P = \sum_i p_i`. Unweighted
    (``weighted=False``): the population standard deviation of the :math:`y_i` over their simple
    mean. The population-weighted CV is the usual convention of Chinese statistical reports for
    区域发展差异系数 (a large city should count more than a small one, and the weighted mean is the
    provincial per-capita GDP); but the formula, the regions (21 prefecture-level cities?) and
    the population concept (resident or registered) behind Guangdong's published 0.75 (2007) and
    0.63 (2012) (seed p. 5; S31; ``outcomes.regional_difference_coefficient``) are not stated in
    the sources, so these figures cannot be reproduced exactly here.

    Source: J. G. Williamson, "Regional Inequality and the Process of National Development",
    *Economic Development and Cultural Change* 13(4), 1965, 1–84.

    Args:
        regions: :class:`Region` objects, or a table with ``gdp_column`` and
            ``population_column``.
        weighted: Population-weighted (default) or unweighted.
        places: Decimal places of the result (half-even).
        gdp_column: GDP column of a table.
        population_column: Population column of a table.

    Example:
        >>> regional_difference_coefficient([Region(region_id="a", gdp=300, population=1),
        ...                                  Region(region_id="b", gdp=100, population=1)])
        Decimal('0.500000000000')
    """
    pairs: list[tuple[Decimal, int]]
    if _is_table(regions):
        table = _arrow(regions)
        gdps = _column(table, gdp_column)
        populations = _column(table, population_column)
        pairs = [
            (_nonnegative(g), _members(p, field=population_column, record=f"row {n}"))
            for n, (g, p) in enumerate(zip(gdps, populations, strict=True))
        ]
    else:
        items = list(regions) if isinstance(regions, Iterable) else None
        if items is None or not all(isinstance(r, Region) for r in items):
            raise InvalidTypeError("must be Region records or a table", field="regions")
        pairs = [(r.gdp, r.population) for r in items if isinstance(r, Region)]
    if not pairs:
        raise InvalidRecordError("must hold at least one region", field="regions", rule="metrics")
    per_capita = [Fraction(g) / p for g, p in pairs]
    if weighted:
        total_population = sum(p for _, p in pairs)
        mean = Fraction(sum((Fraction(g) for g, _ in pairs), Fraction(0))) / total_population
        variance = (
            sum(
                (p * (y - mean) ** 2 for y, (_, p) in zip(per_capita, pairs, strict=True)),
                Fraction(0),
            )
            / total_population
        )
    else:
        mean = sum(per_capita, Fraction(0)) / len(per_capita)
        variance = sum(((y - mean) ** 2 for y in per_capita), Fraction(0)) / len(per_capita)
    if mean == 0:
        raise InvalidRecordError(
            "must have a positive mean per-capita GDP", field="regions", rule="metrics"
        )
    return _sqrt_fraction(variance / mean**2, places)


def _mean_income(data: object, *, income_column: str, members_column: str, side: str) -> Fraction:
    """Per-capita income: an amount, or total income / total members of households."""
    if isinstance(data, Decimal | int | str) and not isinstance(data, bool):
        return Fraction(money(data, field=side))
    units = _income_units(data, income_column=income_column, members_column=members_column)
    persons = sum(m for _, m in units)
    if persons == 0:
        raise InvalidRecordError("must hold at least one household", field=side, rule="metrics")
    return Fraction(sum(i for i, _ in units), 100 * persons)


def urban_rural_income_ratio(
    urban: object,
    rural: object,
    *,
    places: int = PLACES,
    income_column: str = "income",
    members_column: str = "members",
) -> Decimal:
    """The urban-rural income ratio (城乡居民收入差距): urban over rural per-capita income.

    Guangdong's published figures are 3.15 (2007) and 2.83 (2012) (seed p. 5;
    ``outcomes.urban_rural_income_ratio``), urban per-capita *disposable* income over rural
    per-capita *net* income, the statistical convention before 2014.

    Args:
        urban: Urban per-capita income (an amount) or urban households (objects or a table).
        rural: Rural per-capita income or rural households; households give
            ``Σ income / Σ members``.
        places: Decimal places of the result (half-even).
        income_column: Income column of a table.
        members_column: Members column of a table.

    Example:
        >>> urban_rural_income_ratio(Decimal("30226.71"), Decimal("10542.84"), places=2)
        Decimal('2.87')
    """
    top = _mean_income(
        urban, income_column=income_column, members_column=members_column, side="urban"
    )
    bottom = _mean_income(
        rural, income_column=income_column, members_column=members_column, side="rural"
    )
    if bottom == 0:
        raise InvalidRecordError("must be > 0", field="rural", rule="metrics")
    return _round(top / bottom, places)


# --- livelihood coverage -------------------------------------------------------------------------


class LivelihoodIndicator(enum.Enum):
    """The province-mandated livelihood items assessed all-or-nothing (S11; seed p. 5)."""

    HARDENED_ROAD = "hardened_road"
    """村道硬底化: the village road is hardened (share of villages)."""
    SAFE_WATER = "safe_water"
    """饮水安全: villagers with safe drinking water (share of persons)."""
    HOUSING_REBUILT = "housing_rebuilt"
    """住房改造: low-income households with housing difficulties that have rebuilt (share)."""


@model("village livelihood", "village_id")
@frozen
class VillageLivelihood:
    """A village's livelihood facts, for :func:`livelihood_coverage`.

    Attributes:
        village_id: Stable id.
        hardened_road: The village road is hardened (村道硬底化).
        population: Villagers (>= 0).
        safe_water_population: Villagers with safe drinking water (<= population).
        housing_needy: Low-income households with housing difficulties (住房困难户).
        housing_rebuilt: Of those, how many have rebuilt (<= housing_needy).
    """

    village_id: str = field(validator=identifier)
    hardened_road: bool = field(validator=of_type(bool, "a boolean"))
    population: int = field(default=0, validator=at_least(0))
    safe_water_population: int = field(default=0, validator=at_least(0))
    housing_needy: int = field(default=0, validator=at_least(0))
    housing_rebuilt: int = field(default=0, validator=at_least(0))

    def __attrs_post_init__(self) -> None:
        if self.safe_water_population > self.population:
            raise InvalidRecordError(
                f"must not exceed population {self.population}",
                field="safe_water_population",
                value=self.safe_water_population,
            )
        if self.housing_rebuilt > self.housing_needy:
            raise InvalidRecordError(
                f"must not exceed housing_needy {self.housing_needy}",
                field="housing_rebuilt",
                value=self.housing_rebuilt,
            )


@frozen
class Coverage:
    """Coverage of one livelihood indicator.

    Attributes:
        indicator: The indicator.
        covered: Villages, persons or households covered.
        total: Villages, persons or households counted.
        share: ``covered / total``, exact (1 when ``total`` is 0: nothing left to cover).
        met: All-or-nothing: ``covered == total`` (the mandated livelihood items score full or
            zero, S11).
    """

    indicator: LivelihoodIndicator
    covered: int
    total: int
    share: Fraction
    met: bool


_LIVELIHOOD_COLUMNS: Final = (
    "village_id",
    "hardened_road",
    "population",
    "safe_water_population",
    "housing_needy",
    "housing_rebuilt",
)


def livelihood_coverage(villages: object, indicator: LivelihoodIndicator | str) -> Coverage:
    """Coverage of a livelihood indicator over villages (100 % in 2012, seed p. 5).

    Roads count villages; water counts persons (Σ safe-water population / Σ population);
    housing counts households (Σ rebuilt / Σ needy). The province-mandated livelihood items
    were assessed all-or-nothing (S11), so :attr:`Coverage.met` requires full coverage.
    A table needs the columns ``village_id``, ``hardened_road``, ``population``,
    ``safe_water_population``, ``housing_needy`` and ``housing_rebuilt``.

    Example:
        >>> vs = [VillageLivelihood(village_id="v1", hardened_road=True, population=100,
        ...                         safe_water_population=99)]
        >>> c = livelihood_coverage(vs, "safe_water")
        >>> c.share, c.met
        (Fraction(99, 100), False)
    """
    try:
        which = LivelihoodIndicator(indicator)
    except ValueError:
        choices = ", ".join(i.value for i in LivelihoodIndicator)
        raise InvalidRecordError(
            f"must be one of {choices}", field="indicator", value=indicator
        ) from None
    records: list[VillageLivelihood]
    if _is_table(villages):
        table = _arrow(villages)
        columns = {name: _column(table, name) for name in _LIVELIHOOD_COLUMNS}
        records = [
            VillageLivelihood(**{name: columns[name][row] for name in _LIVELIHOOD_COLUMNS})
            for row in range(table.num_rows)
        ]
    else:
        items = list(villages) if isinstance(villages, Iterable) else None
        if items is None or not all(isinstance(v, VillageLivelihood) for v in items):
            raise InvalidTypeError("must be VillageLivelihood records or a table", field="villages")
        records = [v for v in items if isinstance(v, VillageLivelihood)]
    if not records:
        raise InvalidRecordError("must hold at least one village", field="villages", rule="metrics")
    if which is LivelihoodIndicator.HARDENED_ROAD:
        covered, total = sum(v.hardened_road for v in records), len(records)
    elif which is LivelihoodIndicator.SAFE_WATER:
        covered = sum(v.safe_water_population for v in records)
        total = sum(v.population for v in records)
    else:
        covered = sum(v.housing_rebuilt for v in records)
        total = sum(v.housing_needy for v in records)
    share = Fraction(covered, total) if total else Fraction(1)
    return Coverage(
        indicator=which, covered=covered, total=total, share=share, met=covered == total
    )
