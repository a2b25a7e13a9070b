"""Grounded knowledge for the samskaping advisor: two Norwegian master's theses
on leading co-creation, parsed, indexed and searchable, with extractive,
cited answers.

    from knowledge import get_knowledge_base, format_answer
    kb = get_knowledge_base()            # loads model + index once per process
    print(format_answer(kb.answer("Hva betyr samskaping?")))
"""
import os as _os

# No model hub is reachable; set before anything imports transformers.
_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from .answers import Answer, AnswerOptions, Citation, Suggestion  # noqa: E402
from .base import KnowledgeBase, get_knowledge_base  # noqa: E402
from .presentation import citation_payload, format_answer, source_line  # noqa: E402
from .search import SearchOptions, SearchResult  # noqa: E402

__all__ = ["get_knowledge_base", "KnowledgeBase", "Answer", "AnswerOptions", "Citation", "Suggestion",
           "SearchOptions", "SearchResult", "citation_payload", "format_answer", "source_line"]
