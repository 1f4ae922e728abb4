"""Moved to :mod:`shuangdao.ingest.schema` (0.2.0); this name is the same module object.

Kept so that code written against the old private path keeps importing while it moves to
the public one; new code imports :mod:`shuangdao.ingest.schema`. To be removed in 0.3.0.
"""

import sys
from typing import TYPE_CHECKING

from shuangdao.ingest import schema as _public

if TYPE_CHECKING:  # what type checkers see: the public module's names
    from shuangdao.ingest.schema import *  # noqa: F403

sys.modules[__name__] = _public
