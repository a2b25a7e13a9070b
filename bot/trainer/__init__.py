"""The trainer pages: login, cohorts, group figures, discussion material and CSV export.

Figures come from userdata.cohort_report (which enforces the minimum group size); labels,
thesis sections and discussion material from checklists/."""
