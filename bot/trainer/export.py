"""The cohort's aggregated results as CSV: one row per dimension, nothing per participant."""
from __future__ import annotations

import csv
import io

from bot.trainer.views import CohortView

HEADER = ["dimensjon", "deltakere", "snitt_0_100", "lite_paa_plass", "delvis", "godt_paa_plass", "svakt_omraade_for"]


def _cell(value: str) -> str:
    # A cohort name typed by a trainer must not become a spreadsheet formula when the file is opened.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cohort_csv(cohort_name: str, view: CohortView) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    report = view.report
    writer.writerow(["kurs", _cell(cohort_name)])
    writer.writerow(["paameldte", report.joined])
    writer.writerow(["fullfoert_klarhetssjekk", report.completed])
    if not report.shown:
        writer.writerow(["merknad", f"Gruppetall vises først når minst {report.min_group} har fullført sjekken."])
        return out.getvalue()
    writer.writerow([])
    writer.writerow(HEADER)
    for row in view.rows:
        f = row.figures
        if f.shown:
            writer.writerow([row.name, f.participants, row.mean, f.low, f.middle, f.high, f.weak])
        else:
            writer.writerow([row.name, f"færre enn {report.min_group}", "", "", "", "", ""])
    return out.getvalue()
