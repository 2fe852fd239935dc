from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.protocol import load_protocol
from oxytimer.storage.repository import Repository
from oxytimer.ui.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("OXYTIMER_SETTINGS", str(tmp_path / "settings.ini"))
    s = Settings()
    s.language = "en"
    s.operator = "Bidan Sari"
    return s


@pytest.fixture
def clock():
    # 07:00 in Mataram (UTC+8): inside the morning slot.
    return FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))


@pytest.fixture
def protocol():
    return load_protocol()


@pytest.fixture
def instrument():
    return load_instrument()


@pytest.fixture
def repo(tmp_path, clock):
    r = Repository.open(tmp_path / "oxy.sqlite", clock, operator="Bidan Sari")
    r.ensure_sites([("AMP", "Puskesmas Ampenan"), ("KRG", "Puskesmas Karang Pule")])
    yield r
    r.close()
