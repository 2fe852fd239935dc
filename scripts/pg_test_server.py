"""A private PostgreSQL server for the tests: its own folder, its own port, loopback only.

    python scripts/pg_test_server.py start DIR     # prints the superuser's URL
    python scripts/pg_test_server.py stop DIR

Uses the machine's PostgreSQL (Debian's ``postgresql`` package: ``initdb`` and ``pg_ctl``
from ``/usr/lib/postgresql/*/bin`` or the PATH). As root, the server runs as the
``postgres`` user, since PostgreSQL refuses to run as root. ``.ci/run`` starts one and
exports its URL as ``OXYTIMER_TEST_PG``; without that variable the tests start their own.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

SUPERUSER = "oxytimer_test"


def bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if versions:
        return versions[-1].parent
    raise SystemExit(
        "PostgreSQL is not installed: apt-get install postgresql (the tests need a real server)"
    )


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(folder: Path) -> str:
    """Create and start a server in ``folder``; return the superuser's connection URL."""
    bins = bindir()
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    password = secrets.token_hex(16)
    pwfile = folder / "pw"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(pwfile, "postgres")
    pwfile.chmod(0o600)
    subprocess.run(
        _as_server_user(
            [
                str(bins / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--pwfile",
                str(pwfile),
                "--auth",
                "scram-sha-256",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pwfile.unlink()
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_server_user(
            [
                str(bins / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    url = f"postgresql://{SUPERUSER}:{password}@127.0.0.1:{port}/postgres"
    (folder / "url").write_text(url, encoding="utf-8")
    return url


def stop(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user(
                [str(bindir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            ),
            check=False,
            stdout=subprocess.DEVNULL,
        )
    for _ in range(50):
        if not (data / "postmaster.pid").exists():
            break
        time.sleep(0.1)
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "start":
        print(start(args.folder))
    else:
        stop(args.folder)


if __name__ == "__main__":
    sys.exit(main())
