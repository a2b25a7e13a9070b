"""«Planlegg å gi fra deg styringen»: the planning checklist's content, answer parsing and plan document.

Pure logic for the Rasa actions; nothing here talks to Rasa. Content: ``checklists/plan.yml``.
"""
from .answers import THIN_WORDS, InvalidAnswer, is_thin, parse_step_answer
from checklists.plan import Phase, PlanContent, PlanStep, load_plan
from .document import escape_markdown, format_date, plan_filename, plan_summary, render_plan

__all__ = [
    "InvalidAnswer", "Phase", "PlanContent", "PlanStep", "THIN_WORDS", "escape_markdown", "format_date",
    "is_thin", "load_plan", "parse_step_answer", "plan_filename", "plan_summary", "render_plan",
]
