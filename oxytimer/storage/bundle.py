"""The reproducibility bundle: a zip of the de-identified tables, a data dictionary, an R
script that reruns the paired comparison, and the app's own numbers. The tables are
streamed into the zip as they are read."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from oxytimer import __version__
from oxytimer.domain.clock import utc_iso
from oxytimer.domain.instrument import Instrument, load_instrument
from oxytimer.storage.export_files import csv_bytes, private_file, write_rows
from oxytimer.storage.export_tables import (
    Table,
    first_last_pairs,
    mothers_table,
    sessions_table,
)
from oxytimer.storage.repository import Repository

DICTIONARY: Final[Mapping[str, str]] = {
    "session_id": "Session id: a pseudonym (16 hex digits, the same in every export from"
    " this database; the UUID in identifying exports only)",
    "site": "Site (puskesmas) code",
    "mother_id": "Mother id: a pseudonym (16 hex digits, the same in every export from"
    " this database; the UUID in identifying exports only)",
    "study_code": "Mother's study code (not identifying on its own)",
    "caregiver": "Who gave the massage: husband, midwife, family, other",
    "slot": "Slot recorded with the session: morning, evening; empty: from the start time",
    "day": "Day of follow-up: local days since the mother's enrolment (enrolment day = 0)",
    "start_time_local": "Session start, local time of day (HH:MM)",
    "started_at_utc": "Session start, UTC, ISO 8601 (identifying exports only)",
    "ended_at_utc": "Session end, UTC, ISO 8601 (identifying exports only)",
    "planned_seconds": "Planned massage length in seconds (180-300)",
    "massage_seconds": "Massage time delivered, seconds (imported sessions: the planned length)",
    "paused_seconds": "Time paused, seconds",
    "pause_count": "Number of pauses",
    "status": "completed, aborted, incomplete, awaiting_post, interrupted, running, paused",
    "voided": "1 when the session was voided (excluded from analysis)",
    "source": "app (recorded in the app), import (paper form, imported), demo",
    "protocol_version": "Massage protocol file version",
    "instrument_version": "Scoring instrument file version",
    "pre_total": "Milk-expression score before the massage",
    "pre_category": "Category of the pre score",
    "post_total": "Milk-expression score after the massage",
    "post_category": "Category of the post score",
    "age": "Age in years",
    "occupation": "not_working, trader, labourer_farmer, self_employed, employee, other",
    "parity": "primipara, multipara",
    "delivery_day": "Delivery: days since enrolment (negative: before enrolment)",
    "delivery_date": "Delivery date (local; identifying exports only)",
    "delivery_type": "normal, assisted, caesarean",
    "lives_with_husband": "1 yes, 0 no",
    "consent": "1 consent given",
    "consent_day": "Consent: days since enrolment",
    "consent_date": "Date of consent (local; identifying exports only)",
    "status_day": "The mother's status (withdrawn, closed): days since enrolment",
    "status_date": "Date of the mother's status (local; identifying exports only)",
    "locked": "1 when follow-up is closed and the record locked",
    "enrolled_at_utc": "Enrolment time, UTC (identifying exports only)",
    "pre": "Pre-score of the mother's first session",
    "post": "Post-score of the mother's last completed session",
}

R_SCRIPT: Final = r"""# Reruns the paired comparison of the oxytimer reproducibility bundle.
# Usage: Rscript analysis.R [BUNDLE_FOLDER]
# pairs.csv holds one pair per mother: the pre-score of her first session against the
# post-score of her last completed session (voided sessions left out).
args <- commandArgs(trailingOnly = TRUE)
here <- if (length(args) >= 1) args[1] else "."
pairs <- read.csv(file.path(here, "pairs.csv"), stringsAsFactors = FALSE)
pairs <- pairs[!is.na(pairs$pre) & !is.na(pairs$post), ]
pre <- pairs$pre
post <- pairs$post
cat("Pairs:", nrow(pairs), "\n")
if (nrow(pairs) == 0) quit(status = 0)

# The differences post - pre are computed exactly in the scores' own decimals, as the
# app does: 5.1 - 4.0 and 3.1 - 2.0 are both 1.1, a tie. k is the fewest decimals that
# give back every score; the scores times 10^k are whole numbers, and so is their
# difference. (R's plain wilcox.test(post, pre, paired = TRUE) subtracts binary doubles,
# which differ in the 16th digit, and then misses such ties and zeros.)
scores <- c(pre, post)
k <- 0
while (k < 15 && any(round(scores * 10^k) / 10^k != scores) &&
       max(abs(round(scores * 10^(k + 1)))) < 2^50) k <- k + 1
d <- (round(post * 10^k) - round(pre * 10^k)) / 10^k

# R's own test on those differences: exact p for n < 50 without ties or zeros,
# otherwise normal with continuity correction.
res <- suppressWarnings(wilcox.test(d, conf.int = TRUE))
print(res)
plain <- suppressWarnings(wilcox.test(post, pre, paired = TRUE, conf.int = TRUE))
if (!identical(unname(plain$statistic), unname(res$statistic)) ||
    !isTRUE(all.equal(plain$p.value, res$p.value))) {
  cat(sprintf(paste0("Note: a plain wilcox.test(post, pre, paired = TRUE) gives V = %s,",
                     " p = %.6g here: it misses ties or zeros among the decimal",
                     " differences.\n"), format(unname(plain$statistic)), plain$p.value))
}

# SPSS's Z: tie-corrected normal approximation, no continuity correction.
nz <- d[d != 0]
n <- length(nz)
spss_z <- NA
spss_p <- NA
if (n > 0) {
  r <- rank(abs(nz))
  r_plus <- sum(r[nz > 0])
  r_minus <- sum(r[nz < 0])
  t <- as.numeric(table(abs(nz)))
  e <- n * (n + 1) / 4
  v <- n * (n + 1) * (2 * n + 1) / 24 - sum(t^3 - t) / 48
  if (v > 0) {
    spss_z <- (min(r_plus, r_minus) - e) / sqrt(v)
    spss_p <- 2 * pnorm(spss_z)
  }
}
cat(sprintf("SPSS-style Z = %.6f, Asymp. Sig. (2-tailed) = %.6g\n", spss_z, spss_p))
cat(sprintf("R: V = %s, p = %.15g\n", format(res$statistic), res$p.value))

# Compare with the numbers the app computed (results.csv, from results.json).
app_file <- file.path(here, "results.csv")
if (file.exists(app_file)) {
  app <- read.csv(app_file, stringsAsFactors = FALSE)
  get <- function(key) suppressWarnings(as.numeric(app$value[app$key == key]))
  same <- function(a, b, tol) {
    if (length(b) == 0 || is.na(b)) return(is.na(a))
    !is.na(a) && abs(a - b) <= tol * max(1, abs(b))
  }
  checks <- c(
    z = same(spss_z, get("wilcoxon.z"), 1e-6),
    p_asymptotic = same(spss_p, get("wilcoxon.p_asymptotic"), 1e-6),
    v = same(unname(res$statistic), get("wilcoxon.v"), 1e-9),
    p_r_default = same(res$p.value, get("wilcoxon.p_r_default"), 1e-6)
  )
  # The Hodges-Lehmann interval: R's, at the level R reaches (the app labels it so).
  # Exact case: order statistics of the Walsh averages, as in the app. Normal case:
  # R's uniroot stops within 1e-4 of the Walsh average the app gives. The estimate is
  # compared in the exact case only: with the normal approximation R prints the root of
  # its search, the app the median of the Walsh averages (they may differ).
  exact_case <- grepl("exact", res$method)
  ci_tol <- if (exact_case) 1e-9 else 1e-3
  app_low <- get("hodges_lehmann.ci_low")
  if (length(app_low) == 1 && !is.na(app_low)) {
    checks <- c(checks,
      ci_low = same(res$conf.int[1], app_low, ci_tol),
      ci_high = same(res$conf.int[2], get("hodges_lehmann.ci_high"), ci_tol))
  }
  if (exact_case) {
    checks <- c(checks,
      estimate = same(unname(res$estimate), get("hodges_lehmann.estimate"), 1e-9))
  }
  print(checks)
  if (!all(checks)) {
    cat("MISMATCH with the app's numbers\n")
    quit(status = 1)
  }
  cat("The app's numbers are reproduced.\n")
}
"""


def _app_results(pairs: Table) -> dict[str, Any] | None:
    """The app's own analysis of the pairs (None when the stats module is unavailable)."""
    try:
        from oxytimer.domain.stats import analyse
    except ImportError:
        return None
    rows = list(pairs.rows)
    pre = [row[3] for row in rows]
    post = [row[4] for row in rows]
    result: dict[str, Any] = analyse(pre, post).to_dict()
    return result


def _flatten(prefix: str, value: Any, into: list[tuple[str, Any]]) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, into)
    elif not isinstance(value, list):
        into.append((prefix, value))


def export_bundle(
    repo: Repository,
    out_dir: Path,
    *,
    instrument: Instrument | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a reproducibility bundle (zip): de-identified ``sessions.csv``,
    ``mothers.csv`` and ``pairs.csv``, ``data_dictionary.csv``, ``analysis.R`` (reruns the
    paired Wilcoxon test), and the app's own numbers in ``results.json`` and
    ``results.csv`` when the statistics module is available.

    Returns:
        The zip file.
    """
    instrument = instrument or load_instrument()
    now = now or repo.clock.now_utc()
    tables = [
        sessions_table(repo, instrument=instrument),
        mothers_table(repo),
        first_last_pairs(repo),
    ]
    pairs = tables[2]
    pairs = Table(pairs.name, pairs.columns, list(pairs.rows))  # read twice: file, results
    tables[2] = pairs
    files: dict[str, bytes] = {}
    entries = []
    for table in tables:
        for column in table.columns:
            description = DICTIONARY.get(column)
            if description is None and column.startswith(("pre_", "post_")):
                kind, _, item = column.partition("_")
                description = f"{kind.capitalize()}-massage answer to item {item}: 1 yes, 0 no"
            entries.append((f"{table.name}.csv", column, description or ""))
    files["data_dictionary.csv"] = csv_bytes(("file", "variable", "description"), entries)
    files["analysis.R"] = R_SCRIPT.encode("utf-8")
    results = _app_results(pairs)
    if results is not None:
        meta = {
            "oxytimer_version": __version__,
            "created_at_utc": utc_iso(now),
            "pairing": "first-last",
            "instrument_version": instrument.version,
        }
        files["results.json"] = json.dumps(
            {"meta": meta, "analysis": results}, indent=2, sort_keys=True
        ).encode("utf-8")
        flat: list[tuple[str, Any]] = []
        _flatten("", results, flat)
        files["results.csv"] = csv_bytes(("key", "value"), [(k, repr_number(v)) for k, v in flat])
    files["README.txt"] = (
        "oxytimer reproducibility bundle\n"
        f"Created {utc_iso(now)} by oxytimer {__version__}.\n"
        "De-identified: no names, no free-text reasons, no dates (days since the\n"
        "mother's enrolment and the local time of day instead).\n"
        "Run: Rscript analysis.R .   (reruns wilcox.test(post, pre, paired = TRUE,\n"
        "conf.int = TRUE) and SPSS's Z on pairs.csv, and compares with results.csv)\n"
    ).encode()
    path = out_dir / f"oxytimer-bundle-{now.strftime('%Y%m%dT%H%M%SZ')}.zip"
    with (
        private_file(path) as temp,
        zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for table in tables:
            with (
                archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle,
            ):
                write_rows(handle, table.columns, table.rows)
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def repr_number(value: Any) -> str:
    """A value for results.csv: full precision for floats, empty for None."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)
