"""Shared test settings: a fixed 'today' so date-dependent results are exact."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)
TODAY_EPOCH = "1795478400"  # 2026-11-24T00:00:00Z

# Markers for a fast local loop (`pytest -m "not browser and not slow"`, docs/building.md);
# CI runs everything. `browser`: drives Chromium. `slow`: installs, runs subprocesses, or
# builds many times over (killed builds, sealed builds).
BROWSER_FIXTURES = {"browser", "axe"}
SLOW_MODULES = {"test_install", "test_startup", "test_workflow", "test_output", "test_privacy"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if item.module is not None and item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("LEARNPATH_SECRET", raising=False)  # a test that seals sets its own


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test (Playwright's sync API allows one at a time)."""
    from .browser_support import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example plans, with the test standing in its folder."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    """A learnpath command: exit code, stdout, stderr."""
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
