"""Print each round's identification lines and targets with their sources.

Run: ``python examples/standards_by_round.py`` (add ``--lang zh`` for Chinese).
"""

from __future__ import annotations

import argparse

from shuangdao import default_standards
from shuangdao.citations import Certainty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    args = parser.parse_args()
    standards = default_standards()
    print(f"{standards.id}  (hash {standards.hash})")
    for round_ in standards.rounds:
        title = round_.name_zh if args.lang == "zh" else round_.name_en
        print(f"\n== {title}  [{round_.start} – {round_.end}]")
        for key, parameter in standards.for_round(round_.number).items():
            if parameter.required and parameter.value is None:
                value = "— (not published: a required input)"
            elif hasattr(parameter.value, "items"):
                value = ", ".join(f"{k}: {v}" for k, v in parameter.value.items())
            elif isinstance(parameter.value, tuple):
                value = "、".join(str(v) for v in parameter.value)
            else:
                value = str(getattr(parameter.value, "value", parameter.value))
            meaning = parameter.zh if args.lang == "zh" else parameter.en
            tag = parameter.certainty.zh if args.lang == "zh" else parameter.certainty.value
            flag = "" if parameter.certainty is Certainty.CONFIRMED else "  <- review"
            print(f"  {key:<42} {value}")
            print(f"      {meaning}")
            print(f"      source: {parameter.citation.short()}  ({tag}){flag}")


if __name__ == "__main__":
    main()
