"""CI runs exactly the README's test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fenced_commands(text: str) -> list[str]:
    blocks, inside = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            inside = not inside and line.strip() == "```sh"
            continue
        if inside:
            blocks.append(line.strip())
    return blocks


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = _fenced_commands(quick)
    assert len(commands) == 2, commands
    test_command = commands[1]
    assert "pytest" in test_command and "[test]" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
