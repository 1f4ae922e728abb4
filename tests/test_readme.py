"""The README's two set-up commands stay true: CI runs the same test command verbatim."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_readme_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert all(command.startswith("python3 -m venv .venv && ") for command in commands)


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, test_command = readme_commands()
    assert test_command in ci.splitlines()


def test_readme_main_command_refers_to_an_existing_entry_point():
    run_command, _ = readme_commands()
    scripts = re.findall(r"\.venv/bin/python (\S+\.py)", run_command)
    for script in scripts:
        assert (ROOT / script).exists(), script
    for command in re.findall(r"\.venv/bin/(\w+) ", run_command + " "):
        if command not in ("python", "pip"):
            pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
            assert f'{command} = "' in pyproject, command


def test_readme_round_table_states_the_shipped_standards():
    """The README's identification table restates figures: it must say what the data says."""
    from shuangdao import default_standards
    from shuangdao.standards.params import (
        Round1Params,
        Round2Params,
        Round3Params,
        StatisticsParams,
    )

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(r"^\| (\d) \| [^|]+ \| (.+) \|$", text, re.M)
    }
    s = default_standards()
    words = {"lt": "below", "le": "at or below"}

    def says(row: int, line, comparator) -> None:
        amount = s.param(line).value
        assert (
            f"**{words[s.param(comparator).value.value]} {amount:f}".replace(".00", "")
            in (rows[row])
        ), (row, str(line))

    says(1, Round1Params.household_line, Round1Params.household_comparator)
    says(2, Round2Params.village_line, Round2Params.village_comparator)
    says(2, Round2Params.collective_line, Round2Params.collective_comparator)
    says(2, Round2Params.household_line, Round2Params.household_comparator)
    says(3, Round3Params.household_line, Round3Params.household_comparator)
    says(3, Round3Params.village_line, Round3Params.village_comparator)
    income = (
        s.param(StatisticsParams.provincial_rural_income).value[s.round(2).reference_year].value
    )
    village_ratio = s.param(Round2Params.village_ratio).value
    household_ratio = s.param(Round2Params.household_ratio).value
    assert f"({village_ratio * 100:.0f} % of {income:.0f})" in rows[2]
    assert f"({household_ratio * 100:.0f} %)" in rows[2]
    share = s.param(Round3Params.village_poor_share).value
    assert f"≥ {share * 100:.0f} % poor persons" in rows[3]
    assert s.param(Round3Params.village_poor_share_comparator).value.value == "ge"


def test_readme_command_synopsis_names_every_option():
    """Each command's synopsis under "## Commands" names every option its parser takes."""
    import argparse

    from shuangdao.cli import build_parser

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Commands", 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    synopses = {
        m.group(1): m.group(0)
        for m in re.finditer(r"^shuangdao (\w+)(?:.|\n(?!shuangdao ))*", block, re.M)
    }
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(synopses) == set(commands.choices)
    for name, sub in commands.choices.items():
        for action in sub._actions:
            options = [o for o in action.option_strings if o.startswith("--")]
            if not options or options[0] in ("--help", "--debug"):
                continue
            assert options[0] in synopses[name], (name, options[0])
