"""Item models for the tables and lists (checked with pytest-qt's qtmodeltester)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

if TYPE_CHECKING:
    from oxytimer.storage.repository import Repository
    from oxytimer.ui.workers import Task

T = TypeVar("T")

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table of records; each column is a header and a function of a record.

    ``columns`` is a list of (header, value function); the header is a callable so that it
    is translated at the moment it is shown. With ``tooltips``, a cell's tooltip is its
    whole text (for a cell cut or wrapped by a narrow column).
    """

    RecordRole = Qt.ItemDataRole.UserRole + 1

    def __init__(
        self,
        columns: Sequence[tuple[Callable[[], str], Callable[[T], Any]]],
        parent: Any = None,
        *,
        tooltips: bool = False,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._records: list[T] = []
        self._texts: dict[int, list[str]] = {}
        """Each row's texts, made when first asked for: a view asks for a cell's text
        many times (sizing the columns, painting, the accessibility tree)."""
        self._text_roles: tuple[int, ...] = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            *((Qt.ItemDataRole.ToolTipRole,) if tooltips else ()),
        )
        self._tooltips: dict[int, Callable[[T], Any]] = {}

    def set_tooltip(self, column: int, tip: Callable[[T], Any]) -> None:
        """Give ``column``'s cells their own tooltip (a puskesmas's code, say)."""
        self._tooltips[column] = tip

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._texts.clear()
        self.endResetModel()

    def texts(self, row: int) -> list[str]:
        """The texts of ``row``'s cells, as shown (made once, kept until it changes)."""
        texts = self._texts.get(row)
        if texts is None:
            values = [column(self._records[row]) for _header, column in self._columns]
            texts = ["" if v is None else str(v) for v in values]
            self._texts[row] = texts
        return texts

    def record(self, row: int) -> T:
        return self._records[row]

    def records(self) -> list[T]:
        return list(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in self._tooltips:
            tip = self._tooltips[index.column()](record)
            return "" if tip is None else str(tip)
        if role in self._text_roles:
            return self.texts(index.row())[index.column()]
        if role == self.RecordRole:
            return record
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section][0]()
        return None

    def retranslate(self) -> None:
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self._columns) - 1, 0))
        if self._records:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._records) - 1, len(self._columns) - 1)
            )


class PageByPageModel(RecordTableModel[T]):
    """A table read a page at a time on this thread, as the view scrolls to its end.

    For a short list read by one indexed query a page (a few milliseconds at any size
    of the database): ``fetch(offset, limit)``. :meth:`reload` starts again from the
    first page (a new search).
    """

    def __init__(
        self,
        columns: Sequence[tuple[Callable[[], str], Callable[[T], Any]]],
        parent: Any = None,
        *,
        page_size: int = 100,
    ) -> None:
        super().__init__(columns, parent)
        self.fetch: Callable[[int, int], list[T]] = lambda _offset, _limit: []
        self.page_size = page_size
        self._exhausted = True

    def set_fetch(self, fetch: Callable[[int, int], list[T]]) -> None:
        """Read from now on with ``fetch`` (call :meth:`reload` to apply)."""
        self.fetch = fetch

    def reload(self, *, keep_shown: bool = True) -> None:
        """Read again from the first page: as many rows as were shown (a refresh), or
        one page (``keep_shown=False``: a new search)."""
        wanted = max(self.page_size, len(self._records) if keep_shown else 0)
        rows = self.fetch(0, wanted)
        self._exhausted = len(rows) < wanted
        self.set_records(rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        rows = self.fetch(len(self._records), self.page_size)
        self._exhausted = len(rows) < self.page_size
        if rows:
            start = len(self._records)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._records.extend(rows)
            self.endInsertRows()


class PagedTableModel(RecordTableModel[T]):
    """A table filled a page at a time by reading tasks (``ui/workers.py``).

    ``fetch(reader, offset, limit)`` reads a page on a worker thread with a connection
    of its own; the view asks for the next page (``canFetchMore``/``fetchMore``) as the
    user scrolls towards the end. :meth:`reload` starts again from the first page (a new
    search or sort); :meth:`refresh` reads again the rows already shown and changes only
    those that differ. A page that arrives for an older request is dropped.

    Signals:
        loaded(int): a page or a refresh arrived; the number of rows now shown.
        load_failed(object): a read failed (the exception).
    """

    loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(
        self,
        columns: Sequence[tuple[Callable[[], str], Callable[[T], Any]]],
        repo: Repository,
        fetch: Callable[[Repository, int, int], list[T]],
        parent: Any = None,
        *,
        tooltips: bool = False,
        page_size: int = 100,
        key: Callable[[T], Any] = lambda record: record,
    ) -> None:
        super().__init__(columns, parent, tooltips=tooltips)
        self.repo = repo
        self.fetch = fetch
        self.page_size = page_size
        self.key = key
        self._generation = 0
        self._loading = False
        self._exhausted = True
        self.tasks: list[Task] = []
        """The latest reading tasks started (tests check which thread ran them)."""
        self.sorter: Callable[[int, Qt.SortOrder], None] | None = None
        """Called by a view's header to sort (in SQL): set the fetch, then reload."""

    @property
    def loading(self) -> bool:
        return self._loading

    def set_fetch(self, fetch: Callable[[Repository, int, int], list[T]]) -> None:
        """Read from now on with ``fetch`` (call :meth:`reload` to apply)."""
        self.fetch = fetch

    def reload(self) -> None:
        """Empty the table and read its first page."""
        self._generation += 1
        self.beginResetModel()
        self._records = []
        self._texts.clear()
        self.endResetModel()
        self._exhausted = False
        self._request(0, self.page_size, self._on_page)

    def refresh(self) -> None:
        """Read again the rows shown (at least a page); update only those that changed."""
        if self._loading:
            self.reload()  # a page is on its way: it would be stale; start again
            return
        self._generation += 1
        self._request(0, max(len(self._records), self.page_size), self._on_refreshed)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.sorter is not None:
            self.sorter(column, order)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request(len(self._records), self.page_size, self._on_page)

    def _request(
        self, offset: int, limit: int, done: Callable[[int, int, int, list[T]], None]
    ) -> None:
        from oxytimer.ui.workers import read_task

        self._loading = True
        generation, fetch = self._generation, self.fetch
        task = read_task(
            self.repo,
            lambda reader, _job: fetch(reader, offset, limit),
            lambda rows: done(generation, offset, limit, rows),
            lambda error: self._on_failed(generation, error),
        )
        self.tasks.append(task)
        del self.tasks[:-20]  # the latest are enough to look at

    def _on_page(self, generation: int, offset: int, limit: int, rows: list[T]) -> None:
        if generation != self._generation or offset != len(self._records):
            return
        self._loading = False
        self._exhausted = len(rows) < limit
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._records.extend(rows)
            self.endInsertRows()
        self.loaded.emit(len(self._records))

    def _on_refreshed(self, generation: int, _offset: int, limit: int, rows: list[T]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = len(rows) < limit
        old = self._records
        if [self.key(r) for r in rows] != [self.key(r) for r in old]:
            self.set_records(rows)  # rows came or went: start the view afresh
        else:
            last = len(self._columns) - 1
            for row, record in enumerate(rows):
                if record != old[row]:
                    self._records[row] = record
                    self._texts.pop(row, None)
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        self.loaded.emit(len(self._records))

    def _on_failed(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = True
        self.load_failed.emit(error)
