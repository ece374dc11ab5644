"""Every setting is documented in the README, and environment overrides take effect."""

from __future__ import annotations

import pytest

from dashboard import settings
from tests.conftest import ROOT


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_setting_documented(setting):
    assert f"`{setting.name}`" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert setting.help


def test_environment_override(monkeypatch):
    monkeypatch.setenv("STUDIODASH_RISK_R1_POINTS", "35")
    assert 35 == settings.get("risk_r1_points")
    monkeypatch.delenv("STUDIODASH_RISK_R1_POINTS")
    assert 30 == settings.get("risk_r1_points")
