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
