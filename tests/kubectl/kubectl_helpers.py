"""Helpers for the console tests (conftest.py holds the fixtures)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
NOW = "2025-01-15T10:05:10Z"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def run(console, line: str):
    result = console.run(line)
    return result.stdout, result.stderr, result.exit_code
