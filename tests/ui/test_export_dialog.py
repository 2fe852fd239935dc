"""The Export dialog warns when identifying fields are asked for (issue 10 item 9)."""

from pathlib import Path

from oxytimer.ui.export_dialog import ExportDialog


def test_identifying_export_warns(qtbot, tmp_path: Path):
    dialog = ExportDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.identifying_warning.isVisible()
    dialog.identifying.setChecked(True)
    assert dialog.identifying_warning.isVisible()
    assert "never send them" in dialog.identifying_warning.text()
    dialog.identifying.setChecked(False)
    assert not dialog.identifying_warning.isVisible()
