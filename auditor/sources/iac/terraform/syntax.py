"""HCL files as python-hcl2's parse tree: top-level blocks and attributes with their lines.

python-hcl2's dictionary output keeps no line for an attribute and renders expressions back to
text, so the reader works on the parse tree itself (`hcl2.parses_to_tree`, built by Lark with
positions on every node): each expression keeps its lines, and the evaluator walks it. python-hcl2
(and Lark under it) is imported on first use, so a lint that reads no Terraform does not pay for
it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.sources.iac.model import Span

if TYPE_CHECKING:
    from lark import Token, Tree


class HclSyntaxError(Exception):
    """The file is not valid HCL: `line` (1-based, when known) and a one-line message."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Tree[Token]
    span: Span  # the whole `name = expression`
    source: str  # the file's text, for quoting expressions


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    span: Span
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    def blocks_of(self, kind: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == kind)

    def first(self, kind: str) -> Block | None:
        found = self.blocks_of(kind)
        return found[0] if found else None


@dataclass(frozen=True, slots=True)
class HclFile:
    path: str
    text: str
    body: Block  # a pseudo-block holding the file's top level


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    """python-hcl2's parser, imported on first use (start-up stays fast when no Terraform is
    read). Building it from the grammar takes over a second; python-hcl2 keeps the built parser
    in a cache file beside its own code, which an install the user cannot write to never gets.
    Then the cache goes in the user's own cache folder (never a shared temporary folder: Lark's
    cache is a pickle, and loading one another user planted would run their code)."""
    from hcl2 import parser as hcl2_parser
    from hcl2.postlexer import PostLexer
    from lark import Lark

    shipped = Path(hcl2_parser.PARSER_FILE)
    if shipped.exists() or os.access(shipped.parent, os.W_OK):
        return hcl2_parser.parser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aml-audit"
    cache: str | bool
    try:
        base.mkdir(parents=True, exist_ok=True)
        cache = str(base / "hcl2-grammar.lark")
    except OSError:
        cache = False  # nowhere to keep it: built each time
    return Lark.open(
        "hcl2.lark",
        parser="lalr",
        cache=cache,
        rel_to=hcl2_parser.__file__,
        propagate_positions=True,
        postlex=PostLexer(),
    )


def parse(path: str, text: str) -> HclFile:
    """Parse one file, or raise HclSyntaxError with the line Lark stopped at."""
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        # As hcl2.parses_to_tree does: the grammar needs a final newline.
        tree = _parser().parse(text + "\n")
    except UnexpectedInput as error:
        line = getattr(error, "line", None)
        token = getattr(error, "token", None)
        words = str(token).strip().splitlines() if token is not None else []
        found = f"unexpected {words[0].strip()[:40]!r}" if words else ""
        if not found:
            char = getattr(error, "char", None)
            found = f"unexpected character {char!r}" if char else "unexpected end of file"
        raise HclSyntaxError(line if isinstance(line, int) and line > 0 else None, found) from None
    except (LarkError, RecursionError, ValueError) as error:
        raise HclSyntaxError(None, f"cannot be parsed ({type(error).__name__})") from None
    try:
        body = _body(tree.children[0], text, "", (), Span(1, max(1, text.count("\n") + 1)))
    except RecursionError:
        raise HclSyntaxError(None, "nested too deeply to read") from None
    return HclFile(path, text, body)


def _body(body: Tree[Token], text: str, kind: str, labels: tuple[str, ...], span: Span) -> Block:
    from lark import Tree

    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for child in body.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            name = _name(child.children[0])
            expr = child.children[-1]
            assert isinstance(expr, Tree)
            attributes[name] = Attribute(name, expr, span_of(child), text)
        elif child.data == "block":
            parts = [c for c in child.children if isinstance(c, Tree)]
            inner = next(c for c in parts if c.data == "body")
            words = [
                _name(c) for c in parts if c.data != "body" and c.data != "new_line_or_comment"
            ]
            blocks.append(_body(inner, text, words[0], tuple(words[1:]), span_of(child)))
    return Block(kind, labels, span, attributes, tuple(blocks))


def _name(node: Tree[Token] | Token) -> str:
    """A block type, label or attribute name: an identifier, keyword, literal or quoted string."""
    from lark import Tree

    if isinstance(node, Tree):
        if node.data == "string":
            return "".join(str(t) for t in tokens(node) if t.type == "STRING_CHARS")
        return "".join(str(t) for t in tokens(node))
    return str(node)


def tokens(node: Tree[Token]) -> Iterator[Token]:
    from lark import Token

    yield from node.scan_values(lambda v: isinstance(v, Token))


def span_of(node: Tree[Token]) -> Span:
    """Lines from the first to the last token that is not a newline or comment: the parser
    folds the newline after an expression into it, which is not part of what the user wrote."""
    first: int | None = None
    last = 0
    for token in tokens(node):
        if token.type == "NL_OR_COMMENT" or token.line is None:
            continue
        if first is None or token.line < first:
            first = token.line
        end = token.end_line if token.end_line is not None else token.line
        last = max(last, end)
    if first is None:
        meta = node.meta
        return Span(getattr(meta, "line", 1), getattr(meta, "end_line", 1))
    return Span(first, last)


def source_text(node: Tree[Token], text: str) -> str:
    """The expression as written, on one line (for evidence)."""
    meta: Any = node.meta
    start = getattr(meta, "start_pos", None)
    end = getattr(meta, "end_pos", None)
    if start is None or end is None:
        return " ".join(str(t) for t in tokens(node))
    return " ".join(text[start:end].split())
