"""HCL files as python-hcl2's parse tree: top-level blocks and attributes with their lines.

python-hcl2's dictionary output keeps no line for an attribute and renders expressions back to
text, so the reader works on the parse tree itself (python-hcl2's grammar and post-lexer, parsed
by Lark): each expression keeps its lines, and the evaluator walks it. python-hcl2 (and Lark under
it) is imported on first use, so a lint that reads no Terraform does not pay for it.

Positions come from the tokens. python-hcl2's grammar names every terminal (brackets, quotes and
newlines included), so every character the user wrote other than blanks is in a token of the tree,
and a node's place is its first and last tokens'. Lark's `propagate_positions`, which copies them
into every node as it builds the tree, doubled the time of a parse (the largest cost of linting
Terraform); the few nodes whose place the reader needs find it on demand instead.
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


# Deeper trees are refused as unreadable: the evaluator walks expressions recursively, and Python's
# recursion stops at about a thousand frames. Two levels are one nested bracket, and real code
# nests a few dozen.
MAX_DEPTH = 500


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
    """python-hcl2's grammar and post-lexer without position propagation (see the module's
    docstring), imported on first use (start-up stays fast when no Terraform is read). Building
    the parser from the grammar takes over a second, so Lark keeps the built one in the user's
    cache folder (never a shared temporary folder: Lark's cache is a pickle, and loading one
    another user planted would run their code; nor python-hcl2's own folder, whose cache is built
    with other options and which an install the user cannot write to never gets)."""
    from hcl2 import parser as hcl2_parser
    from hcl2.postlexer import PostLexer
    from lark import Lark

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
        propagate_positions=False,
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
    if _depth(tree) > MAX_DEPTH:
        raise HclSyntaxError(None, "nested too deeply to read")
    body = _body(tree.children[0], text, "", (), Span(1, max(1, text.count("\n") + 1)))
    return HclFile(path, text, body)


# The walks below tell a token from a tree by `isinstance(x, str)` (Lark's Token is a string, its
# Tree is not): they run for every node, and importing Lark's classes in each call would cost
# more than the walk.


def _depth(tree: Tree[Token]) -> int:
    """How many nodes deep the tree goes, measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
        for child in node.children:
            if child is not None and not isinstance(child, str):
                stack.append((child, depth + 1))
    return deepest


def _body(body: Tree[Token], text: str, kind: str, labels: tuple[str, ...], span: Span) -> Block:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for child in body.children:
        if child is None or isinstance(child, str):
            continue
        if child.data == "attribute":
            name = _name(child.children[0])
            expr: Any = child.children[-1]
            attributes[name] = Attribute(name, expr, span_of(child), text)
        elif child.data == "block":
            parts: list[Any] = [c for c in child.children if not isinstance(c, str)]
            inner = next(c for c in parts if c.data == "body")
            words = [
                _name(c) for c in parts if c.data != "body" and c.data != "new_line_or_comment"
            ]
            blocks.append(_body(inner, text, words[0], tuple(words[1:]), span_of(child)))
    return Block(kind, labels, span, attributes, tuple(blocks))


def _name(node: Tree[Token] | Token) -> str:
    """A block type, label or attribute name: an identifier, keyword, literal or quoted string."""
    if isinstance(node, str):
        return str(node)
    if node.data == "string":
        return "".join(str(t) for t in tokens(node) if t.type == "STRING_CHARS")
    return "".join(str(t) for t in tokens(node))


def tokens(node: Tree[Token]) -> Iterator[Token]:
    """The node's tokens, in the order of the text."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item  # type: ignore[misc]
        elif item is not None:
            stack.extend(reversed(item.children))


def _edge_token(node: Tree[Token], last: bool, skip_newlines: bool) -> Token | None:
    """The node's first (or last) token, found without walking the rest of the tree."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.line is None or (skip_newlines and item.type == "NL_OR_COMMENT"):  # type: ignore[attr-defined]
                continue
            return item  # type: ignore[return-value]
        if item is not None:
            stack.extend(item.children if last else reversed(item.children))
    return None


def span_of(node: Tree[Token]) -> Span:
    """Lines from the first to the last token that is not a newline or comment: the parser
    folds the newline after an expression into it, which is not part of what the user wrote.
    Tokens come in the order of the text, so those are the first and last such tokens."""
    first = _edge_token(node, last=False, skip_newlines=True)
    final = _edge_token(node, last=True, skip_newlines=True)
    if first is None or final is None:
        first = _edge_token(node, last=False, skip_newlines=False)
        final = _edge_token(node, last=True, skip_newlines=False)
    if first is None or final is None:
        return Span(1, 1)
    assert first.line is not None
    end = final.end_line if final.end_line is not None else final.line
    return Span(first.line, end if end is not None else first.line)


def source_text(node: Tree[Token], text: str) -> str:
    """The expression as written, on one line (for evidence)."""
    first = _edge_token(node, last=False, skip_newlines=False)
    final = _edge_token(node, last=True, skip_newlines=False)
    if first is None or final is None or first.start_pos is None or final.end_pos is None:
        return " ".join(str(t) for t in tokens(node))
    return " ".join(text[first.start_pos : final.end_pos].split())
