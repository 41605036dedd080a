"""`newslint dedup`: clusters of duplicate and near-duplicate articles across files and corpora.

Exit codes: 0 no duplicates, 1 clusters found, 2 a usage or input error (the other inputs are
still compared). `--write-unique` writes the corpus with one member per cluster elsewhere; nothing
is ever deleted or changed in place.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newslint import config, corpus
from newslint.dedup.articles import Article, Text, Unparsed, read_texts
from newslint.dedup.params import PRESETS, Params
from newslint.document import split_lines
from newslint.files import InputError, atomic_output, read_file
from newslint.reporters.text_report import plural

if TYPE_CHECKING:  # the stages need NumPy: imported when a command runs, not when the CLI starts
    from newslint.dedup.stages import Result, Shared

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2

HELP = "find duplicate and near-duplicate articles across files and corpora"
DESCRIPTION = """\
Find clusters of articles that are copies or near copies of one another: across plain files,
records of JSONL and Parquet corpora, and the articles inside files that hold several. Exact
copies are found by hashing; near copies by MinHash and LSH, each pair verified by the exact
Jaccard similarity of word shingles. Widget, boilerplate and caption lines are left out of the
comparison."""


class UsageError(Exception):
    pass


def add_parameter_arguments(parser: argparse.ArgumentParser) -> None:
    """--preset and the parameters it sets, for `dedup` and for a new index."""
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="parameters for born-digital news (news, the default) or OCR'd text (shorter shingles, "
        "lower threshold)",
    )
    parser.add_argument(
        "--threshold", type=float, metavar="J", help="Jaccard similarity from which articles are near copies"
    )
    parser.add_argument("--ngram", type=int, metavar="N", help="words per shingle")
    parser.add_argument("--num-perm", type=int, metavar="N", help="MinHash values per signature")
    parser.add_argument("--min-words", type=int, metavar="N", help="shorter articles are not compared")


def params_from_args(args: argparse.Namespace) -> Params:
    preset = PRESETS[args.preset or "news"]
    try:
        return Params(
            ngram=args.ngram if args.ngram is not None else preset.ngram,
            char_ngram=preset.char_ngram,
            num_perm=args.num_perm if args.num_perm is not None else preset.num_perm,
            threshold=args.threshold if args.threshold is not None else preset.threshold,
            min_words=args.min_words if args.min_words is not None else preset.min_words,
            seed=preset.seed,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders and corpora")
    parser.add_argument(
        "--text-field", default="text", metavar="NAME", help="the field of a corpus record holding its text"
    )
    parser.add_argument(
        "--id-field", default="id", metavar="NAME", help="the field naming a corpus record (default: id)"
    )
    parser.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="processes to use (default: every core)"
    )
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where the per-document stage runs: this machine (default) or a Ray cluster (RAY_ADDRESS)",
    )


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "dedup", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_input_arguments(parser)
    add_parameter_arguments(parser)
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--keep",
        choices=("first", "longest"),
        default="first",
        help="the member of each cluster that --write-unique keeps (default: the first, in input order)",
    )
    parser.add_argument(
        "--write-unique",
        metavar="DIR|FILE.jsonl",
        help="write the inputs with one member per cluster: into a folder (same file names), or one "
        "record per article into a JSONL file",
    )
    parser.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when duplicates are found")
    parser.add_argument("-q", "--quiet", action="store_true", help="print clusters only, no summary")
    return parser


def gather(args: argparse.Namespace, errors: list[tuple[int, str]], *, parse: bool) -> Shared:
    """The documents named on the command line (folders walked as `check` walks them), each with
    the rule packs its configuration gives, and the parameters. A JSONL corpus is parsed by the
    shards that sign it, unless `parse` (--write-unique needs its records here). Each error goes
    with the place in the documents where its input would be, so that the errors the shards find
    can be told in input order among these (`report_errors`)."""
    from newslint.dedup.stages import Shared

    params = params_from_args(args)
    if "-" in args.paths:
        raise UsageError("dedup reads files and corpora, not standard input")
    resolver = config.Resolver()
    seen: set[str] = set()
    found: list[str] = []
    texts: list[Text | Unparsed] = []
    for raw in args.paths:
        try:
            paths = [path for path in resolver.discover([raw], found) if path not in seen]
        except InputError as exc:
            found.append(str(exc))
            paths = []
        seen.update(paths)
        for text in read_texts(paths, args.text_field, args.id_field, found, parse=parse):
            errors.extend((len(texts), message) for message in found)
            found.clear()
            texts.append(text)
        errors.extend((len(texts), message) for message in found)
        found.clear()
    packs = [resolver.for_path(text.path).settings.packs for text in texts]
    return Shared(texts, packs, params)


def report_errors(err: TextIO, *keyed: Sequence[tuple[int, str]]) -> None:
    """Errors from gathering and from the shards, in input order (each kind's own order kept)."""
    merged = sorted(
        (
            (place, kind, n, message)
            for kind, errors in enumerate(keyed)
            for n, (place, message) in enumerate(errors)
        ),
    )
    for *_, message in merged:
        err.write(f"newslint: error: {message}\n")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    errors: list[tuple[int, str]] = []
    try:
        shared = gather(args, errors, parse=bool(args.write_unique))
        target = _check_target(args, _parsed(shared)) if args.write_unique else None
    except (UsageError, config.ConfigError) as exc:
        err.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    from newslint.dedup.stages import dedup

    result = dedup(shared, args.jobs, args.engine)
    report_errors(err, errors, result.errors)
    keep = keepers(result, args.keep)
    if args.output_format == "json":
        out.write(_dumps(as_json(result, keep), flat_below=2) + "\n")
    else:
        out.write(as_text(result, keep, result.documents, quiet=args.quiet))
    if target is not None:
        try:
            written = write_unique(target, shared, result, keep, args)
        except (UsageError, InputError, OSError) as exc:
            err.write(f"newslint: error: {exc}\n")
            return EXIT_ERROR
        if not args.quiet:
            err.write(f"Wrote {written} to {target}\n")
    if errors or result.errors:
        return EXIT_ERROR
    return EXIT_FOUND if result.clusters and not args.exit_zero else EXIT_CLEAN


def keepers(result: Result, keep: str) -> dict[int, int]:
    """Cluster number -> the article kept from it: the first, or the longest (the first of equals)."""
    if keep == "longest":
        return {
            n: min(cluster.members, key=lambda i: (-result.articles[i].chars, i))
            for n, cluster in enumerate(result.clusters)
        }
    return {n: cluster.members[0] for n, cluster in enumerate(result.clusters)}


def as_json(result: Result, keep: dict[int, int]) -> dict[str, Any]:
    clusters = []
    for n, cluster in enumerate(result.clusters):
        members = []
        for i in cluster.members:
            member = result.articles[i].member.as_json()
            member["kept"] = i == keep[n]
            members.append(member)
        clusters.append({"members": members, "jaccard": cluster.jaccard})
    return {"clusters": clusters, "articles": len(result.articles), "params": str(result.params)}


def _dumps(value: Any, flat_below: int, level: int = 0) -> str:
    """`json.dumps(value, indent=2)`, except that what lies `flat_below` levels down is written on
    one line: one line per cluster. With an indent, json.dumps runs its pure-Python encoder (its C
    one writes no indents), which takes longer than finding the clusters of a big corpus; and each
    call of json.dumps costs microseconds, too many for a call per member.

    >>> print(_dumps({"a": [{"b": 1, "c": [2]}], "d": []}, flat_below=2))
    {
      "a": [
        {"b": 1, "c": [2]}
      ],
      "d": []
    }
    """
    if level == flat_below or not isinstance(value, (dict, list)) or not value:  # (keys: strings)
        return json.dumps(value, ensure_ascii=False)
    inner = "  " * (level + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(key, ensure_ascii=False)}: {_dumps(item, flat_below, level + 1)}"
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    items = [inner + _dumps(item, flat_below, level + 1) for item in value]
    return "[\n" + ",\n".join(items) + "\n" + "  " * level + "]"


def as_text(result: Result, keep: dict[int, int], documents: int, quiet: bool = False) -> str:
    lines = []
    for n, cluster in enumerate(result.clusters):
        kind = (
            "exact copies"
            if cluster.jaccard >= 1.0
            else f"near copies (Jaccard {cluster.jaccard:.2f} at the lowest)"
        )
        lines.append(f"cluster {n + 1}: {plural(len(cluster.members), 'article')}, {kind}")
        for i in cluster.members:
            mark = "  (kept)" if i == keep[n] else ""
            lines.append(f"  {result.articles[i].member.label}{mark}")
    if not quiet:
        duplicates = sum(len(cluster.members) - 1 for cluster in result.clusters)
        if lines:
            lines.append("")
        lines.append(
            f"{plural(len(result.clusters), 'cluster')}: {plural(duplicates, 'duplicate')} among "
            f"{plural(len(result.articles), 'article')} of {plural(documents, 'document')}."
        )
    return "".join(line + "\n" for line in lines)


# --write-unique -----------------------------------------------------------------------------------


def _check_target(args: argparse.Namespace, texts: Sequence[Text]) -> Path:
    """The output, refused before any work when it would overwrite an input or old output."""
    target = Path(args.write_unique)
    inputs = {os.path.realpath(text.path) for text in texts}
    if target.suffix.lower() == ".jsonl":
        if target.is_dir():
            raise UsageError(f"{target}: is a folder; give a .jsonl file name or a folder without .jsonl")
        if os.path.realpath(target) in inputs:
            raise UsageError(f"{target}: is one of the inputs; nothing is changed in place")
        if target.exists() and not args.force:
            raise UsageError(f"{target}: already exists (use --force to overwrite it)")
        return target
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is a file; give a folder, or a file name ending in .jsonl")
    if target.is_dir() and any(target.iterdir()) and not args.force:
        raise UsageError(f"{target}: is not empty (use --force to write into it)")
    for text in texts:
        if corpus.corpus_format(text.path) == "parquet":
            raise UsageError(
                f"{text.path}: --write-unique writes a folder of text and JSONL files; for Parquet "
                "inputs give a .jsonl file instead"
            )
        if os.path.realpath(target / _relative(text.path)) in inputs:
            raise UsageError(f"{target}: would overwrite the input {text.path}")
    return target


def _relative(path: str) -> str:
    """Where an input goes inside the output folder: its path below the working folder, or, for
    a path outside it, its absolute path without the root."""
    relative = os.path.relpath(path)
    if relative.startswith(os.pardir):
        return os.path.abspath(path).lstrip(os.sep)
    return relative


def write_unique(
    target: Path, shared: Shared, result: Result, keep: dict[int, int], args: argparse.Namespace
) -> str:
    """Write every article but the dropped members of clusters; what was written, in words."""
    dropped = {i for n, cluster in enumerate(result.clusters) for i in cluster.members if i != keep[n]}
    by_text: dict[tuple[str, str | None], list[tuple[Article, bool]]] = {}
    for i, article in enumerate(result.articles):
        key = (article.member.path, article.member.record)
        by_text.setdefault(key, []).append((article, i in dropped))
    if target.suffix.lower() == ".jsonl":
        count = 0
        with atomic_output(target) as fh:
            for text in _parsed(shared):
                lines = split_lines(text.text)
                for article, gone in by_text.get((text.path, text.record), []):
                    if gone:
                        continue
                    record = article.member.as_json()
                    record["text"] = "".join(
                        line.text + line.newline for line in lines[article.start - 1 : article.end]
                    )
                    fh.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
                    count += 1
        return plural(count, "article")
    files = 0
    for path, texts in _by_path(_parsed(shared)).items():
        output = target / _relative(path)
        kept = {text.index: _without(text, by_text.get((text.path, text.record), [])) for text in texts}
        if corpus.is_corpus(path):
            data = corpus.read_corpus(path, args.text_field, args.id_field)
            content = corpus.jsonl_bytes(
                data,
                {index: new for index, new in kept.items() if new is not None},
                drop={index for index, new in kept.items() if new is None},
            )
        else:
            new = kept[0]
            if new is None:
                continue
            content = read_file(path).encode(new)
        output.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(output) as fh:
            fh.write(content)
        files += 1
    return plural(files, "file")


def _parsed(shared: Shared) -> list[Text]:
    """The documents of a run gathered with `parse`: every one a Text."""
    texts = [text for text in shared.texts if isinstance(text, Text)]
    if len(texts) != len(shared.texts):
        raise ValueError("the documents were gathered without parse=True")
    return texts


def _by_path(texts: Sequence[Text]) -> dict[str, list[Text]]:
    grouped: dict[str, list[Text]] = {}
    for text in texts:
        grouped.setdefault(text.path, []).append(text)
    return grouped


def _without(text: Text, articles: list[tuple[Article, bool]]) -> str | None:
    """The text without its dropped articles' lines; None when every article is dropped."""
    if not any(gone for _, gone in articles):
        return text.text
    if all(gone for _, gone in articles):
        return None
    lines = split_lines(text.text)
    gone_lines = {n for article, gone in articles if gone for n in range(article.start, article.end + 1)}
    return "".join(line.text + line.newline for line in lines if line.number not in gone_lines)


# `newslint index` ----------------------------------------------------------------------------------

INDEX_HELP = "store articles' signatures in an index that `check --index` compares new articles with"


def add_index_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "index",
        help=INDEX_HELP,
        description="An index of articles in one SQLite file: `newslint check --index PATH` then reports "
        "incoming articles already in it (DUP101) or near copies of one of its articles (DUP102).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add the articles of files and corpora (made if missing; re-added articles are replaced)",
        description="Add every article of the given files and corpora to the index, in one transaction. "
        "The parameters apply when the index is made; an existing index keeps its own.",
    )
    add.add_argument("--index", required=True, metavar="PATH", help="the index file (SQLite)")
    add_input_arguments(add)
    add_parameter_arguments(add)
    add.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    info = actions.add_parser("info", help="how many articles an index holds, and its parameters")
    info.add_argument("--index", required=True, metavar="PATH", help="the index file (SQLite)")
    return parser


def _explicit_params(args: argparse.Namespace) -> bool:
    return args.preset is not None or any(
        getattr(args, name) is not None for name in ("threshold", "ngram", "num_perm", "min_words")
    )


def run_index(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from newslint.dedup.index import Index, IndexFileError

    out = out or sys.stdout
    err = err or sys.stderr
    if args.action == "info":
        try:
            index = Index.open_readonly(args.index)
        except IndexFileError as exc:
            err.write(f"newslint: error: {exc}\n")
            return EXIT_ERROR
        try:
            ref = index.ref()
            out.write(
                f"{args.index}: {plural(len(index), 'article')}, {plural(ref.generation, 'batch')} "
                f"added, parameters {index.params}\n"
            )
        finally:
            index.close()
        return EXIT_CLEAN
    errors: list[tuple[int, str]] = []
    try:
        shared = gather(args, errors, parse=False)
        index = Index.open(args.index, shared.params if _explicit_params(args) else None, create=True)
    except (UsageError, config.ConfigError, IndexFileError) as exc:
        err.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    from newslint.dedup.stages import Shared, signed_articles

    try:
        stage = signed_articles(Shared(shared.texts, shared.packs, index.params), args.jobs, args.engine)
        report_errors(err, errors, stage.errors)
        added = index.add(stage.articles, stage.signatures)
        if not args.quiet:
            out.write(
                f"Added {plural(added, 'article')} of {plural(stage.documents, 'document')} to {args.index} "
                f"(now {plural(len(index), 'article')}; {plural(len(stage.articles) - added, 'article')} "
                "too short to compare left out)\n"
            )
    finally:
        index.close()
    return EXIT_ERROR if errors or stage.errors else EXIT_CLEAN
