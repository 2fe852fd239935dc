"""Build the standalone oxytimer app: ``python scripts/build_app.py``.

Leaves the app in ``dist/oxytimer/`` (the executable is ``dist/oxytimer/oxytimer``, or
``oxytimer.exe`` on Windows; ``dist/oxytimer.app`` on macOS), built by PyInstaller from
``packaging/oxytimer.spec``. It runs with no Python installed: Python, Qt, the translations,
the protocol and checklist files, the illustrations and the sounds travel inside it.

On Linux the folder also holds what a desktop needs: ``share/applications`` (the menu
entry), ``share/icons`` (SVG and PNG sizes), ``share/metainfo`` (AppStream) and
``install.sh``, which installs the app for the current user (no administrator rights) and
adds it to the menu. ``--archive`` also packs the folder as
``dist/oxytimer-VERSION-linux-ARCH.tar.gz``, the file to hand over.

Needs the build extra: ``pip install -e '.[build]'`` (PyInstaller).
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "org.oxytimer.oxytimer"  # oxytimer.paths.DESKTOP_ID
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

INSTALL_SH = """#!/bin/sh
# Install oxytimer for this user (no administrator rights needed), or update it.
# Your database, settings and backups are kept: they live in your data folder
# (~/.local/share/oxytimer), never inside the program's folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=$HOME/.local/opt/oxytimer
if [ "$here" != "$target" ]; then
    mkdir -p "$HOME/.local/opt"
    rm -rf "$target.new"
    cp -a "$here" "$target.new"
    rm -rf "$target"
    mv "$target.new" "$target"
fi
mkdir -p "$HOME/.local/bin" "$data/applications" "$data/metainfo"
ln -sf "$target/oxytimer" "$HOME/.local/bin/oxytimer"
sed "s|^Exec=oxytimer|Exec=$target/oxytimer|" \\
    "$target/share/applications/APP_ID.desktop" > "$data/applications/APP_ID.desktop"
cp "$target/share/metainfo/APP_ID.metainfo.xml" "$data/metainfo/"
cp -r "$target/share/icons" "$data/"
command -v update-desktop-database >/dev/null 2>&1 && \\
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
echo "oxytimer is installed: open it from the applications menu, or run $target/oxytimer"
""".replace("APP_ID", APP_ID)


def run_pyinstaller(dist: Path, work: Path) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is missing: pip install -e '.[build]'")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(PACKAGING / "oxytimer.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def strip_interpreter(app: Path) -> None:
    """Drop debug symbols from the Python interpreter's own libraries.

    Python built from source (pyenv, for one) keeps its debug symbols: 23 MB of the 24 MB
    libpython. Only the interpreter's files are stripped: the libraries that wheels bring
    (numpy's OpenBLAS, Qt) were already stripped and patched by auditwheel, and stripping
    them again breaks them ("ELF load command address/offset not page-aligned").
    """
    strip = shutil.which("strip")
    if strip is None or not sys.platform.startswith("linux"):
        return
    internal = app / "_internal"
    targets = list(internal.glob("libpython3*.so*"))
    targets += list(internal.glob("python3*/lib-dynload/*.so"))
    for target in targets:
        subprocess.run([strip, "--strip-debug", str(target)], check=True)


def render_icons(share: Path) -> None:
    """The SVG icon and its PNG sizes, in the freedesktop icon theme layout."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    svg = ROOT / "oxytimer" / "resources" / "icons" / "oxytimer.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"the icon {svg} cannot be read")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable / f"{APP_ID}.svg")
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not image.save(str(folder / f"{APP_ID}.png")):
            sys.exit(f"could not write the {size}x{size} icon")
    del app


def add_desktop_files(app: Path) -> None:
    share = app / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        PACKAGING / "linux" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"
    )
    shutil.copyfile(
        PACKAGING / "linux" / f"{APP_ID}.metainfo.xml",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
    )
    render_icons(share)
    install = app / "install.sh"
    install.write_text(INSTALL_SH, encoding="utf-8")
    install.chmod(0o755)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def archive(app: Path, dist: Path) -> Path:
    from oxytimer import __version__

    name = f"oxytimer-{__version__}-linux-{platform.machine()}.tar.gz"
    target = dist / name
    with tarfile.open(target, "w:gz") as tar:
        tar.add(app, arcname="oxytimer")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="build cache"
    )
    parser.add_argument("--archive", action="store_true", help="also pack a .tar.gz (Linux)")
    args = parser.parse_args()
    started = time.perf_counter()
    run_pyinstaller(args.dist, args.work)
    app = args.dist / "oxytimer"
    if sys.platform.startswith("linux"):
        strip_interpreter(app)
        add_desktop_files(app)
    seconds = time.perf_counter() - started
    size_mb = folder_size(app) / 1e6
    print(f"Built {app} ({size_mb:.0f} MB) in {seconds:.0f} s")
    if args.archive and sys.platform.startswith("linux"):
        packed = archive(app, args.dist)
        print(f"Packed {packed} ({packed.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
