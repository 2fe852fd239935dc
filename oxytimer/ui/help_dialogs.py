"""Help: the offline user guide (F1) and About (version, licence, where the data is).

Loaded on first use (the Help menu's actions exist from the start, see ``app_menus``).
The guide is a bundled HTML page per language, ``resources/guide/guide_<lang>.html``,
which shows the illustrations of ``resources/illustrations``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from oxytimer import __version__
from oxytimer.resources import resource_path
from oxytimer.ui.screen_fit import FittedDialog

LICENCE = "MIT"
GUIDE_LANGUAGES = ("en", "id")
# A path has no spaces to break at: a zero-width space after each separator lets a long
# one wrap on a small screen instead of being cut.
_BREAK = "\u200b"


def guide_path(lang: str) -> Path:
    """The guide's page in ``lang`` (English when there is none in that language)."""
    return resource_path("guide", f"guide_{lang if lang in GUIDE_LANGUAGES else 'en'}.html")


def breakable_path(path: Path | str) -> str:
    """``path`` as a label shows it: allowed to wrap after each folder separator."""
    text = str(path)
    for separator in ("/", "\\"):
        text = text.replace(separator, separator + _BREAK)
    return text


class GuideDialog(FittedDialog):
    """The user guide in the interface's language, with its illustrations; offline."""

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("oxytimer user guide"))
        self.path = guide_path(lang)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(self.tr("User guide"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(self.path.parent), str(resource_path("illustrations"))])
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        # Room to read; the dialog fitter bounds it by the screen.
        return QSize(820, 1000)


class AboutDialog(FittedDialog):
    """Version, licence, the data folder and the database's path."""

    def __init__(self, db_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About oxytimer"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("oxytimer {version}").format(version=__version__), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(
            self._value(
                self.tr(
                    "Guides an oxytocin massage step by step and records the mother's"
                    " milk-expression scores, for the study in the puskesmas of Mataram."
                )
            )
        )
        in_memory = self.tr("(in memory: nothing is saved)")
        folder = breakable_path(db_path.parent) if db_path else in_memory
        database = breakable_path(db_path) if db_path else in_memory
        rows = (
            (self.tr("Version"), __version__, "version"),
            (
                self.tr("Licence"),
                self.tr("{licence} (free software)").format(licence=LICENCE),
                "licence",
            ),
            (self.tr("Data folder"), folder, "folder"),
            (self.tr("Database"), database, "database"),
        )
        # Captions beside their values; below them when the room is short (large text).
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values: dict[str, QLabel] = {}
        for caption, value, key in rows:
            heading = QLabel(caption, self)
            bold = heading.font()
            bold.setBold(True)
            heading.setFont(bold)
            label = self._value(value)
            label.setAccessibleName(caption)
            heading.setBuddy(label)
            form.addRow(heading, label)
            self.values[key] = label
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _value(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def shown_text(self, key: str) -> str:
        """What a value says, without the invisible break points (tests)."""
        return self.values[key].text().replace(_BREAK, "")
