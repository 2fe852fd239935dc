"""Files with records or secrets in them are whole or absent after a full disk or a kill:
the server export's pseudonym key and the merge report."""

from __future__ import annotations

import errno
import os

import pytest

from oxytimer.storage.merge_report import write_report
from oxytimer.storage.merge_rules import MergeReport
from oxytimer.storage.server_export import server_key


def test_the_pseudonym_key_is_made_whole_and_an_empty_one_is_never_used(tmp_path):
    key_file = tmp_path / "keys" / "server.key"
    key = server_key(key_file)
    assert len(key) == 32 and key_file.read_bytes() == key
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    assert server_key(key_file) == key  # the same key every time
    assert os.listdir(key_file.parent) == ["server.key"]

    key_file.write_bytes(b"")  # what a kill between making and writing it left
    again = server_key(key_file)
    assert len(again) == 32 and again != key and key_file.read_bytes() == again


def test_a_merge_report_that_does_not_fit_keeps_the_older_one(tmp_path, monkeypatch):
    from oxytimer.storage import export_files

    path = tmp_path / "merge.csv"
    path.write_text("the older report\n")

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_files.os, "fsync", full)
    with pytest.raises(OSError):
        write_report(MergeReport(), path)
    assert path.read_text() == "the older report\n"
    assert os.listdir(tmp_path) == ["merge.csv"]
    monkeypatch.undo()
    write_report(MergeReport(), path)
    assert path.read_text().startswith("what,") and os.stat(path).st_mode & 0o777 == 0o600
