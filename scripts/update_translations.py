"""Update the translation sources from the code and compile them.

    .venv/bin/python scripts/update_translations.py            # update .ts, compile .qm, report
    .venv/bin/python scripts/update_translations.py --check    # change nothing; exit 1 if stale
    .venv/bin/python scripts/update_translations.py --import id.json   # fill in translations

1. ``pyside6-lupdate`` reads every ``oxytimer/**/*.py`` and merges the strings it finds
   (``self.tr("...")``, ``QCoreApplication.translate("context", "...")``) into each
   ``oxytimer/resources/translations/oxytimer_<lang>.ts``. New strings arrive as
   ``type="unfinished"``: translate them in Qt Linguist (``pyside6-linguist FILE.ts``) or
   by editing the XML.
2. ``qtbase_<lang>.ts`` are written by hand (Qt's own strings: standard dialog buttons,
   file dialog ...) and are only compiled.
3. ``pyside6-lrelease`` compiles every ``.ts`` there to the ``.qm`` shipped in the package.
4. The report lists every message still unfinished or empty; tests/ui/test_translations.py
   fails while there is one, and while the .ts, the .qm and the code disagree.

lupdate only sees literal strings: ``self.tr(text)`` or ``translate(context, text)`` with a
variable (a helper like ``_t(text)``) hides the string from it.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "oxytimer"
TRANSLATIONS = PACKAGE / "resources" / "translations"
# Languages whose app strings are translated; English is the source language.
APP_LANGUAGES = ("id",)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str  # "", "unfinished", "vanished" or "obsolete"

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.source)


def tool(name: str) -> str:
    """The path of a Qt tool shipped with PySide6 (``lupdate``, ``lrelease``)."""
    beside_python = Path(sys.executable).parent / f"pyside6-{name}"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    return str(Path(PySide6.__file__).parent / name)


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def app_ts_files() -> list[Path]:
    return [TRANSLATIONS / f"oxytimer_{lang}.ts" for lang in APP_LANGUAGES]


def all_ts_files() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*.ts"))


def run_lupdate(ts: Path, *, cwd: Path = ROOT) -> None:
    """Merge the strings of the code into ``ts`` (created when missing)."""
    lang = ts.stem.rsplit("_", 1)[-1]
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run(
        [
            tool("lupdate"),
            *files,
            "-no-obsolete",
            "-locations",
            "relative",
            "-source-language",
            "en",
            "-target-language",
            lang,
            "-ts",
            str(ts),
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )


def run_lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
        text=True,
    )


def read_messages(ts: Path) -> list[Message]:
    """Every message of a .ts file (numerus forms joined by '|')."""
    out: list[Message] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = "" if translation is None else translation.get("type", "")
            if translation is not None and message.get("numerus") == "yes":
                text = "|".join(f.text or "" for f in translation.iter("numerusform"))
            else:
                text = "" if translation is None else (translation.text or "")
            out.append(Message(name, message.findtext("source") or "", text, kind))
    return out


def live(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m.kind not in ("vanished", "obsolete")]


def untranslated(ts: Path) -> list[Message]:
    """Messages that are unfinished or have an empty translation (or numerus form)."""
    return [
        m
        for m in live(read_messages(ts))
        if m.kind == "unfinished" or not m.translation.strip() or "||" in f"|{m.translation}|"
    ]


def stale_messages(ts: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(in the code but not in ``ts``, in ``ts`` but no longer in the code)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.ts"
        run_lupdate(fresh)
        in_code = {m.key for m in read_messages(fresh)}
    in_ts = {m.key for m in live(read_messages(ts))}
    return in_code - in_ts, in_ts - in_code


def qm_matches(ts: Path) -> bool:
    """True when the shipped .qm is what lrelease makes of ``ts`` now."""
    qm = ts.with_suffix(".qm")
    if not qm.exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / qm.name
        run_lrelease(ts, fresh)
        return filecmp.cmp(fresh, qm, shallow=False)


def import_translations(
    ts: Path, table: dict[str, dict[str, str]], *, replace: bool = False
) -> int:
    """Fill unfinished messages from ``{context or "*": {source: translation}}``; with
    ``replace``, translated ones too (a better wording).

    Numerus messages take one form. Returns how many messages were filled.
    """
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            text = table.get(name, {}).get(source, table.get("*", {}).get(source))
            translation = message.find("translation")
            if text is None or translation is None:
                continue
            if translation.get("type") not in ("unfinished", None) or (
                not replace and translation.get("type") is None and (translation.text or "").strip()
            ):
                continue
            if message.get("numerus") == "yes":
                for form in translation.iter("numerusform"):
                    form.text = text
            else:
                translation.text = text
            translation.attrib.pop("type", None)
            filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def report(ts: Path) -> int:
    todo = untranslated(ts)
    total = len(live(read_messages(ts)))
    print(f"{ts.relative_to(ROOT)}: {total} messages, {len(todo)} untranslated")
    for m in todo:
        print(f"    [{m.context}] {m.source!r}")
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything is stale"
    )
    parser.add_argument(
        "--import",
        dest="table",
        type=Path,
        help='JSON {"context" or "*": {"English source": "translation"}} for oxytimer_id.ts',
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="with --import: replace translations already there, not only fill missing ones",
    )
    args = parser.parse_args(argv)
    problems = 0
    if args.table:
        table = json.loads(args.table.read_text(encoding="utf-8"))
        target = app_ts_files()[0]
        run_lupdate(target)
        filled = import_translations(target, table, replace=args.replace)
        print(f"{filled} message(s) filled in {target.name}")
    if args.check:
        for ts in app_ts_files():
            missing, gone = stale_messages(ts)
            for context, source in sorted(missing):
                print(f"not in {ts.name}: [{context}] {source!r}")
            for context, source in sorted(gone):
                print(f"no longer in the code: [{context}] {source!r}")
            problems += len(missing) + len(gone)
        for ts in all_ts_files():
            if not qm_matches(ts):
                print(f"{ts.with_suffix('.qm').name} is not compiled from {ts.name}")
                problems += 1
    else:
        TRANSLATIONS.mkdir(parents=True, exist_ok=True)
        for ts in app_ts_files():
            run_lupdate(ts)
        for ts in all_ts_files():
            run_lrelease(ts, ts.with_suffix(".qm"))
    for ts in all_ts_files():
        problems += report(ts)
    if problems:
        print(f"{problems} problem(s): translate the messages above, then run this script again.")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
