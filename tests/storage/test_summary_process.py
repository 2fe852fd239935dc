"""The summary computed in a process of its own (storage/summary_process.py)."""

from __future__ import annotations

import multiprocessing
import os
from datetime import UTC, datetime

import pytest

from oxytimer.domain.clock import FakeClock
from oxytimer.storage import summary_process
from oxytimer.storage.analysis import AnalysisFilter
from oxytimer.storage.demo import fill_demo
from oxytimer.storage.repository import Repository, StorageError
from oxytimer.storage.summary import summarise_path
from oxytimer.storage.summary_process import (
    PIECE,
    STOPPED,
    receive,
    send_in_pieces,
    stop_process,
    summarise_in_process,
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("process") / "oxy.sqlite"
    repo = Repository.open(path, FakeClock(datetime(2026, 3, 2, 23, 0, tzinfo=UTC)))
    fill_demo(repo, mothers=40, seed=3)
    repo.close()
    yield str(path)
    stop_process()


def test_the_process_gives_the_summary_a_thread_would(demo_file):
    flt = AnalysisFilter(completed_follow_up_only=True)
    here = summarise_path(demo_file, flt, "means")
    there = summarise_in_process(demo_file, flt, "means")
    assert there.to_dict() == here.to_dict()
    assert there.units == here.units and there.dose == here.dose
    assert summary_process.process_id() not in (None, os.getpid())


def test_long_tuples_come_back_whole_and_in_order():
    mine, theirs = multiprocessing.Pipe()
    value = {
        "rows": tuple(range(2 * PIECE + 7)),
        "short": (1, 2),
        "nested": [tuple("ab" * PIECE), list(range(PIECE + 1))],
    }
    send_in_pieces(theirs, 3, value)
    assert receive(mine, 3) == value


def test_a_failed_analysis_is_one_sentence_and_the_process_serves_on(demo_file, tmp_path):
    with pytest.raises(StorageError) as failed:
        summarise_in_process(str(tmp_path / "nothing.sqlite"))
    assert "Traceback" not in str(failed.value) and "nothing.sqlite" in str(failed.value)
    pid = summary_process.process_id()
    assert summarise_in_process(demo_file).units
    assert summary_process.process_id() == pid


def test_a_cancelled_analysis_stops_and_the_next_one_is_answered(demo_file):
    with pytest.raises(StorageError, match=STOPPED):
        summarise_in_process(demo_file, cancelled=lambda: True)
    assert summarise_in_process(demo_file, cancelled=lambda: False).units


def test_a_process_that_dies_is_an_error_then_replaced(demo_file, monkeypatch):
    summarise_in_process(demo_file)
    old = summary_process.process_id()
    original = summary_process.receive

    def killed_first(*args, **kwargs):  # the request was sent; the process is killed
        os.kill(old, 9)
        return original(*args, **kwargs)

    monkeypatch.setattr(summary_process, "receive", killed_first)
    with pytest.raises(StorageError, match="without an answer"):
        summarise_in_process(demo_file)
    monkeypatch.undo()
    assert summarise_in_process(demo_file).units
    assert summary_process.process_id() not in (None, old)


def test_stopping_kills_the_process(demo_file):
    summarise_in_process(demo_file)
    process = summary_process._child
    assert process is not None
    stop_process()
    assert not process.alive() and summary_process.process_id() is None
