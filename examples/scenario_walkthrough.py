# %% [markdown]
# # A whole round on the synthetic province (notebook in percent format)
#
# Run round 2 of 双到 (2013–2015) end to end: identify the key villages and poor households,
# pair units and cadres, plan measures, three yearly assessments with the income-growth model,
# exits, accountability, the settlement (三年结硬帐) and the follow-up (回头看). Then compare a
# what-if: the household line at 40 % instead of 33 % of the 2011 provincial average.
#
# Open it in Jupyter (jupytext) or run it: ``python examples/scenario_walkthrough.py [scale]``.
# The test suite runs it at a small scale (``SHUANGDAO_EXAMPLE_SCALE``).

# %%
from __future__ import annotations

import os
import sys
import tempfile

from shuangdao.scenario import compare, run_round
from shuangdao.synth import generate_province

SCALE = (
    float(sys.argv[1])
    if len(sys.argv) > 1
    else float(os.environ.get("SHUANGDAO_EXAMPLE_SCALE", "0.1"))
)
province = generate_province(scale=SCALE)
result = run_round(province, round=2)
print(result.summary().text("en"))
print(result.summary().text("zh"))

# %% [markdown]
# Every stage is an Arrow table; every record can be explained by the rule that decided it.

# %%
print(result.tables["settlement"].slice(0, 5).to_pandas())
household = result.tables["progress"].column("household_id")[0].as_py()
print(result.decision("exit", household, year=2015).explain("zh"))
village = result.tables["assessments"].column("village_id")[0].as_py()
print(result.decision("assessment", village, year=2013).explain("en"))

# %% [markdown]
# What if the household line were 40 % of the 2011 provincial average?

# %%
comparison = compare(province, round=2, scenario={"round2.household_ratio": "0.40"})
print(comparison.text("en"))
print(comparison.by_county.slice(0, 5).to_pandas())

# %% [markdown]
# Plots need the ``plot`` extra (matplotlib); they are skipped when it is missing.

# %%
try:
    import matplotlib
except ImportError:
    print("matplotlib is not installed: skipping the plots (pip install 'shuangdao[plot]')")
else:
    matplotlib.use("Agg")
    from shuangdao.scenario.plot import income_distribution, outcomes_by_county

    with tempfile.TemporaryDirectory() as folder:
        income_distribution(result, year=2015).savefig(os.path.join(folder, "income.png"))
        outcomes_by_county(result).savefig(os.path.join(folder, "counties.png"))
        print("plots drawn")
