"""The cohort's released group figures as CSV: one row per dimension, band counts only, nothing
per participant (the same snapshot the trainer page shows)."""
from __future__ import annotations

import csv
import io

from bot.trainer.views import CohortView

HEADER = ["dimensjon", "deltakere", "lite_paa_plass", "delvis", "godt_paa_plass"]


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
    if report.results is None:
        writer.writerow(["merknad", f"Gruppetall vises først når minst {report.min_group} har fullført sjekken, "
                                    "og oppdateres høyst én gang i døgnet."])
        return out.getvalue()
    writer.writerow(["tall_per", report.results.taken.strftime("%Y-%m-%d %H:%M UTC")])
    writer.writerow(["deltakere_i_tallene", report.results.completed])
    writer.writerow([])
    writer.writerow(HEADER)
    for row in view.rows:
        f = row.figures
        if f.shown:
            writer.writerow([row.name, f.participants, f.low, f.middle, f.high])
        else:
            writer.writerow([row.name, f"færre enn {report.min_group}", "", "", ""])
    return out.getvalue()
