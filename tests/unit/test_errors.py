"""The error tree: one root, builtin bases, messages that name record, field, value, rule."""

import pickle

import pytest

from shuangdao import errors
from shuangdao.errors import (
    InvalidRecordError,
    RecordErrors,
    ShuangdaoError,
    UnknownReferenceError,
)


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_derives_from_the_root(name):
    cls = getattr(errors, name)
    assert issubclass(cls, ShuangdaoError)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.InvalidRecordError, ValueError),
        (errors.InvalidMoneyError, ValueError),
        (errors.InvalidTypeError, TypeError),
        (errors.UnknownReferenceError, KeyError),
        (errors.OverrideError, ValueError),
        (errors.MissingParameterError, ValueError),
        (errors.IllegalTransitionError, ValueError),
        (errors.LedgerError, ValueError),
        (errors.NoSolutionError, ValueError),
    ],
)
def test_errors_also_inherit_the_matching_builtin(cls, builtin):
    assert issubclass(cls, builtin)


def test_message_and_attributes():
    error = InvalidRecordError(
        "must be >= 1",
        record="household 4403-0012",
        field="members",
        value=0,
        rule="model.household",
    )
    assert str(error) == "household 4403-0012: members=0 must be >= 1 (rule model.household)"
    assert (error.record, error.field, error.value, error.rule) == (
        "household 4403-0012",
        "members",
        0,
        "model.household",
    )


def test_key_error_message_is_readable():
    error = UnknownReferenceError("is not a known village", field="village_id", value="v9")
    assert str(error) == "village_id='v9' is not a known village"


def test_errors_pickle_with_their_context():
    error = InvalidRecordError("must be >= 1", record="household h", field="members", value=0)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    assert again.field == "members"


def test_record_errors_collect_paths():
    group = RecordErrors.from_errors(
        "2 problems",
        [
            (
                "$.households[0].members",
                InvalidRecordError("must be >= 1", field="members", value=0),
            ),
            (
                "$.households[3].income",
                InvalidRecordError("must be >= 0", field="income", value=-5),
            ),
        ],
    )
    assert isinstance(group, ExceptionGroup)
    assert isinstance(group, ShuangdaoError)
    assert group.explain().splitlines() == [
        "members=0 must be >= 1 @ $.households[0].members",
        "income=-5 must be >= 0 @ $.households[3].income",
    ]
    again = pickle.loads(pickle.dumps(group))
    assert again.paths == group.paths
    matched, rest = group.split(InvalidRecordError)
    assert matched is not None
    assert rest is None
