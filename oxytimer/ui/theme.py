"""Themes for a bright clinic, a high-contrast view and a dim room at night."""

from __future__ import annotations

_PALETTES = {
    "light": {
        "bg": "#f7f7f5",
        "fg": "#1b1b1b",
        "panel": "#ffffff",
        "accent": "#00695c",
        "accent_fg": "#ffffff",
        "accent_text": "#00695c",
        "danger": "#b71c1c",
        "muted": "#5f6368",
        "error": "#b00020",
        "checked": "#00897b",
        "border": "#c8c8c8",
    },
    "contrast": {
        "bg": "#000000",
        "fg": "#ffffff",
        "panel": "#000000",
        "accent": "#ffff00",
        "accent_fg": "#000000",
        "accent_text": "#ffff00",
        "danger": "#ff5252",
        "muted": "#ffffff",
        "error": "#ffff00",
        "checked": "#ffff00",
        "border": "#ffffff",
    },
    "night": {
        "bg": "#121212",
        "fg": "#c9b8a6",
        "panel": "#1a1a1a",
        "accent": "#7a4b2a",
        "accent_fg": "#f0dcc8",
        "accent_text": "#b87a4a",  # the accent as text on the dark ground: 5.3:1
        "danger": "#c0605a",  # 4.5:1 on the ground (#8c2f2f was 2.3:1, hard to read)
        "muted": "#8a7b6e",
        "error": "#e0a070",
        "checked": "#7a4b2a",
        "border": "#3a3330",
    },
}

THEMES = tuple(_PALETTES)


def stylesheet(theme: str, font_size: int) -> str:
    """The application style sheet for a theme and a base font size in points."""
    p = _PALETTES.get(theme, _PALETTES["light"])
    big = font_size * 8
    return f"""
QWidget {{ background: {p["bg"]}; color: {p["fg"]}; font-size: {font_size}pt; }}
QLineEdit, QComboBox, QTableView, QListWidget, QSpinBox, QDateEdit, QTextEdit, QPlainTextEdit {{
    background: {p["panel"]}; border: 1px solid {p["border"]}; padding: 4px; min-height: 32px;
    selection-background-color: {p["checked"]}; selection-color: {p["accent_fg"]}; }}
QPushButton {{ min-height: 44px; padding: 6px 16px; border: 2px solid {p["border"]};
    border-radius: 6px; background: {p["panel"]}; }}
QPushButton:checked {{ background: {p["checked"]}; color: {p["accent_fg"]};
    border-color: {p["checked"]}; font-weight: bold; }}
QPushButton:focus {{ border-color: {p["accent"]}; }}
QPushButton#primary {{ background: {p["accent"]}; color: {p["accent_fg"]};
    border-color: {p["accent"]}; font-weight: bold; min-width: 160px; }}
QPushButton#primary:disabled {{ background: {p["border"]}; color: {p["muted"]}; }}
QPushButton#danger {{ border-color: {p["danger"]}; color: {p["danger"]}; font-weight: bold; }}
QLabel#pageTitle {{ font-size: {round(font_size * 1.6)}pt; font-weight: bold; }}
QLabel#question {{ font-weight: bold; }}
QLabel#fieldError {{ color: {p["error"]}; font-weight: bold; }}
QLabel#countdown {{ font-size: {big}pt; font-weight: bold; }}
QLabel#stepCountdown {{ font-size: {round(font_size * 1.5)}pt; color: {p["muted"]}; }}
QLabel#stepTitle {{ font-size: {round(font_size * 1.8)}pt; font-weight: bold; }}
QLabel#instruction {{ font-size: {round(font_size * 1.25)}pt; }}
QFrame#guidedFrame QLabel, QFrame#guidedFrame QWidget#pictureBox {{
    background: transparent; }}
QLabel#stepCounter, QLabel#nextStep {{ color: {p["muted"]}; }}
QLabel#stateBanner {{ font-size: {round(font_size * 1.4)}pt; font-weight: bold;
    color: {p["accent_text"]}; }}
QLabel#scoreTotal {{ font-size: {round(font_size * 1.4)}pt; font-weight: bold; }}
QLabel#todayStatus, QLabel#selectedMother {{ font-size: {round(font_size * 1.3)}pt; }}
QProgressBar {{ min-height: 18px; border: 1px solid {p["border"]}; border-radius: 4px; }}
QProgressBar::chunk {{ background: {p["accent"]}; }}
QFrame#messageBar {{ background: {p["panel"]}; border: 3px solid {p["accent"]};
    border-radius: 8px; }}
QFrame#messageBar[warning="true"] {{ border-color: {p["error"]}; }}
QFrame#messageBar QLabel {{ background: {p["panel"]}; }}
QLabel#consentText {{ font-weight: bold; }}
QCheckBox#consent::indicator {{ width: {round(font_size * 2.2)}px;
    height: {round(font_size * 2.2)}px; }}
QLabel#confirmation {{ font-weight: bold; color: {p["accent_text"]}; }}
QTabBar::tab {{ min-height: 40px; padding: 6px 18px; }}
QTabBar::tab:selected {{ font-weight: bold; border-bottom: 3px solid {p["accent"]}; }}
"""
