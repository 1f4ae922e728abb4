"""Records that hold read-only mappings can be pickled (for process pools and Dask).

shuangdao keeps every mapping inside a frozen record read-only with
:class:`types.MappingProxyType` (a standards table, a parameter's series, an input
schema's fields), and the standard :mod:`pickle` refuses that type — so
``ProcessPoolExecutor.map(partial(identify_household_round2, standards=s), ...)`` failed
on ``s``. Importing this module (the package does, first) registers a reducer with
:mod:`copyreg`: a proxy pickles as the plain mapping it shows and unpickles as a new
read-only proxy of an equal dict (:func:`read_only`; the type itself cannot be named
in a pickle). This is what ``cloudpickle`` (Dask's serializer) already
does; it changes nothing else, and a proxy that could not be pickled before is the only
object affected.
"""

from __future__ import annotations

import copyreg
import types
from typing import Any

__all__: list[str] = []


def read_only(mapping: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    """A read-only view of ``mapping`` (how a pickled proxy is rebuilt)."""
    return types.MappingProxyType(mapping)


def _reduce_mappingproxy(proxy: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    """Pickle a read-only mapping as ``read_only(dict(proxy))``."""
    return read_only, (dict(proxy),)


copyreg.pickle(types.MappingProxyType, _reduce_mappingproxy)
