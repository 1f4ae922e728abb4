"""Shared test configuration: Hypothesis profiles.

``ci`` (the default, used by ``.ci/run`` and the README's test command) is derandomised and
has no deadline, so every run is identical. ``dev`` explores more; ``slow`` is for fuzzing
(``HYPOTHESIS_PROFILE=slow pytest -m slow``).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "slow",
    max_examples=100_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
