"""Hypothesis strategies for identification applications (条例 art. 9 procedure).

:func:`applications` walks the legal step graph of :data:`shuangdao.rules.procedure.PROCEDURES`
from "applied", choosing among the allowed next steps, with dates that never go backwards.
It shrinks towards a fresh application with no further steps.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from shuangdao.rules.procedure import Application, ProcedureKind, advance, allowed_steps, apply

__all__ = ["applications"]


@st.composite
def applications(
    draw: st.DrawFn,
    *,
    procedure: ProcedureKind | None = None,
    max_steps: int = 8,
) -> Application:
    """Valid :class:`~shuangdao.rules.procedure.Application` values reached by legal steps."""
    kind = procedure if procedure is not None else draw(st.sampled_from(ProcedureKind))
    on = draw(st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2020, 12, 31)))
    application = apply(
        draw(st.text("abcdefghjk0123456789", min_size=1, max_size=8)),
        draw(st.text("ABCDEFGHJK0123456789", min_size=1, max_size=8)),
        on=on,
        procedure=kind,
    )
    for _ in range(draw(st.integers(0, max_steps))):
        steps = allowed_steps(application)
        if not steps:
            break
        on = on + dt.timedelta(days=draw(st.integers(0, 60)))
        application = advance(application, draw(st.sampled_from(steps)), on=on)
    return application
