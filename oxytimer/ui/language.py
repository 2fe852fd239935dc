"""The interface language: Qt translators and the default locale.

``install_translators`` is called at start-up and again when the language is changed in
Settings (the main window then builds its contents again in the new language).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from oxytimer.resources import resource_path


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load the app's and Qt's own translations for ``lang``; English needs none.

    Replaces the translators a previous call installed. Qt's standard texts (dialog
    buttons ...) come from Qt's ``qtbase_<lang>.qm`` when the Qt installation has one and,
    searched first, from ours in resources/translations (the PySide6 wheel has no
    Indonesian). The default QLocale follows ``lang``, so that numbers and dates shown
    with ``QLocale()`` do too.
    """
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.setObjectName("")
        old.deleteLater()
    translators: list[QTranslator] = []
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English,
            QLocale.Country.Indonesia if lang == "id" else QLocale.Country.UnitedKingdom,
        )
    )
    if lang == "en":
        return translators
    ours = resource_path("translations")
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # The translator installed last is searched first.
    for name, folder in ((f"qtbase_{lang}", qt_folder), (f"qtbase_{lang}", ours)):
        translators += _install(app, name, folder)
    translators += _install(app, f"oxytimer_{lang}", ours)
    return translators


_TRANSLATOR_NAME = "oxytimer_translator"


def _install(app: QApplication, name: str, folder: Path) -> list[QTranslator]:
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    if (folder / f"{name}.qm").exists() and translator.load(name, str(folder)):
        app.installTranslator(translator)
        return [translator]
    translator.deleteLater()
    return []
