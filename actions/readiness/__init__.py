"""«Er vi klare for samskaping?»: the readiness check's content, answer parsing, scoring, chart and report.

Pure logic for the Rasa actions; nothing here talks to Rasa. Content: ``checklists/readiness.yml``.
"""
from .answers import InvalidAnswer, answer_buttons, answer_label, parse_answer
from checklists.common import ContentError, SourceRef, Text, normalize_lang
from checklists.readiness import Dimension, Item, ReadinessContent, ReadinessItem, load_readiness
from .report import format_result
from .scoring import ReadinessResult, display_score, score



def __getattr__(name: str):
    # chart.py imports matplotlib (~0.5 s): load it only when render_chart is first used.
    if name == "render_chart":
        from .chart import render_chart

        return render_chart
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ContentError", "Dimension", "InvalidAnswer", "Item", "ReadinessContent", "ReadinessItem",
    "ReadinessResult", "SourceRef", "Text", "answer_buttons", "answer_label",
    "display_score", "format_result", "load_readiness", "normalize_lang", "parse_answer",
    "render_chart", "score",
]
