"""DataFiles: the protocol and instrument, read when first used."""

from __future__ import annotations

import pytest

from oxytimer.domain.data_files import DataFiles
from oxytimer.domain.instrument import load_instrument
from oxytimer.domain.protocol import load_protocol
from oxytimer.domain.texts import ResourceError
from oxytimer.resources import resource_path


def test_nothing_is_read_until_asked(tmp_path):
    data = DataFiles(protocol_path=tmp_path / "no.toml", instrument_path=tmp_path / "no.toml")
    assert not data.loaded  # constructing reads nothing, so a missing file does not raise
    with pytest.raises(ResourceError, match="file not found"):
        _ = data.protocol
    with pytest.raises(ResourceError, match="file not found"):
        data.check()
    assert not data.loaded


def test_the_shipped_files_are_read_once():
    data = DataFiles()
    assert not data.loaded
    protocol = data.protocol
    assert data.protocol is protocol and not data.loaded
    data.check()
    assert data.loaded and data.instrument is data.instrument
    assert protocol.version == load_protocol().version
    assert data.instrument.version == load_instrument().version


def test_given_objects_are_used_as_they_are(tmp_path):
    protocol, instrument = load_protocol(), load_instrument()
    data = DataFiles(protocol, instrument, protocol_path=tmp_path / "never-read.toml")
    assert data.loaded and data.protocol is protocol and data.instrument is instrument


def test_a_broken_file_is_reported_until_fixed(tmp_path):
    broken = tmp_path / "instrument.toml"
    broken.write_text("version = \n", encoding="utf-8")
    data = DataFiles(instrument_path=broken)
    for _ in range(2):
        with pytest.raises(ResourceError, match="not valid TOML"):
            _ = data.instrument
    broken.write_text(resource_path("instrument.toml").read_text("utf-8"), encoding="utf-8")
    assert data.instrument.version == load_instrument().version
