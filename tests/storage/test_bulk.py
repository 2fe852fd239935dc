"""Bulk operations' settings and ids (issue 18)."""

from __future__ import annotations

import uuid

from oxytimer.storage import bulk
from oxytimer.storage.database import Database


def test_ordered_ids_are_version_7_uuids_that_sort_by_time(monkeypatch):
    times = iter([1_700_000_000_000_000_000 + n * 1_000_000 for n in range(200)])
    monkeypatch.setattr(bulk.time, "time_ns", lambda: next(times))
    ids = [bulk.ordered_id() for _ in range(200)]
    assert ids == sorted(ids) and len(set(ids)) == 200
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert parsed.int >> 80 == 1_700_000_000_000 + ids.index(text)


def test_ordered_ids_made_in_the_same_millisecond_differ(monkeypatch):
    monkeypatch.setattr(bulk.time, "time_ns", lambda: 1_700_000_000_000_000_000)
    ids = {bulk.ordered_id() for _ in range(1000)}
    assert len(ids) == 1000


def test_bulk_settings_are_restored(tmp_path):
    db = Database(tmp_path / "x.sqlite")
    db.execute("PRAGMA cache_size = -3000")
    with bulk.bulk_cache(db):  # reading: temporary tables stay on disk
        assert db.execute("PRAGMA cache_size").fetchone()[0] == -bulk.BULK_CACHE_KIB
        assert db.execute("PRAGMA temp_store").fetchone()[0] == 0
    with bulk.bulk_cache(db, 4096, writing=True):
        assert db.execute("PRAGMA cache_size").fetchone()[0] == -4096
        assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -3000
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 0
    db.close()
