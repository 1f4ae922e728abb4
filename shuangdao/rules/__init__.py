"""The rules: pure functions by policy stage, each returning a :class:`~shuangdao.Decision`.

Modules: :mod:`~shuangdao.rules.identification` (who is poor, each round, and the statutory
procedure), pairing and plans, the yearly assessment, the three-year settlement, follow-up,
accountability and funding. Each rule's docstring names its source in a ``Policy:`` line.
"""

__all__: list[str] = []
