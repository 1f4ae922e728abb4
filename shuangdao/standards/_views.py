"""Typed parameter keys and views (private; the generated classes are in ``params``).

A :class:`Param` is a standards key that knows the type of its value. On a view *class* it is
the key itself (a ``str``, so it goes wherever a key goes); on a view bound to a
:class:`~shuangdao.standards.Standards` object it reads the value::

    Round2Params.household_line                      # 'round2.household_line' (the key)
    default_standards().params.round2.household_line  # Decimal('3093.00') (the value)

The view classes are generated from the TOML data (:mod:`shuangdao.standards.params`), so a
misspelt parameter is an ``AttributeError`` at import and an error under mypy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from shuangdao.errors import StandardsError

if TYPE_CHECKING:
    from shuangdao.standards._standards import Standards

__all__ = ["AreaParams", "Param"]

T = TypeVar("T")


class Param(str, Generic[T]):
    """A standards key with the type of its value (``Round2Params.household_line``).

    It *is* the key (``Param`` subclasses ``str``): pass it to
    :meth:`Standards.value <shuangdao.standards.Standards.value>`, to overrides, or to a rule
    declaration. Read through a bound view (``standards.params.round2.household_line``) it
    returns the value, typed. An *abstract* parameter (the empty key) stands for "this role
    in every round" on :class:`~shuangdao.standards.params.RoundParams`; each round's class
    gives its own key.

    Example:
        >>> from shuangdao.standards import default_standards
        >>> from shuangdao.standards.params import Round2Params
        >>> Round2Params.household_line
        'round2.household_line'
        >>> default_standards().params.round2.household_line
        Decimal('3093.00')
    """

    __slots__ = ()

    @property
    def key(self) -> str:
        """The dotted key as a plain ``str``."""
        return str(self)

    @property
    def area(self) -> str:
        """The area (data file) of the key: ``round2``, ``cycle``, ``statistics``..."""
        return self.partition(".")[0]

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Param[T]: ...

    @overload
    def __get__(self, obj: AreaParams, owner: type[Any] | None = None) -> T: ...

    @overload
    def __get__(  # a field of another class (a declaration) holds the key itself
        self, obj: object, owner: type[Any] | None = None
    ) -> Param[T]: ...

    def __get__(self, obj: object, owner: type[Any] | None = None) -> Param[T] | T:
        if not isinstance(obj, AreaParams):
            return self
        if not self:
            raise StandardsError(
                "is an abstract round parameter: read it on a round's view", field=repr(obj)
            )
        value: T = obj.standards.value(self)
        return value


class AreaParams:
    """The parameters of one area, read from one :class:`~shuangdao.standards.Standards`.

    Generated subclasses (:mod:`shuangdao.standards.params`) declare every parameter of the
    area's TOML file as a :class:`Param` attribute.
    """

    __slots__ = ("_standards",)

    area: ClassVar[str] = ""
    """The data file (``round2``, ``cycle``...)."""

    def __init__(self, standards: Standards) -> None:
        self._standards = standards

    @property
    def standards(self) -> Standards:
        """The standards the values are read from."""
        return self._standards

    @classmethod
    def keys(cls) -> tuple[Param[Any], ...]:
        """Every parameter key the class declares (abstract ones left out), in order."""
        seen = {
            name: attribute
            for klass in reversed(cls.__mro__)
            for name, attribute in vars(klass).items()
            if isinstance(attribute, Param)
        }
        return tuple(p for p in seen.values() if p)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._standards.id}>"
