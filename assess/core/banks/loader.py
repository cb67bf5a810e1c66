"""Read a bank file into plain Python data, remembering the line of every node.

PyYAML's ``safe_load`` throws line numbers away and silently keeps the last of two
duplicate keys. We compose the node tree with the C parser when it is available and
build the data ourselves, so each problem can point at its line and duplicate keys are
reported instead of lost.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from assess.core.banks.errors import Problem

try:  # libyaml is several times faster; fall back to the pure-Python parser
    YamlLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    YamlLoader = yaml.SafeLoader

#: Files larger than this are refused before parsing (a bank is a few dozen kB).
MAX_FILE_BYTES = 1024 * 1024
#: Aliases can expand a small file into a huge tree ("billion laughs"); stop early.
MAX_NODES = 200_000
#: Deepest nesting of [ ] and { } a bank may use. libyaml composes nested collections
#: recursively in C, so a few thousand open brackets crash the process; a real bank
#: nests four or five deep.
MAX_FLOW_DEPTH = 50

Path = tuple[str | int, ...]
Lines = dict[Path, int]

_TAG = "tag:yaml.org,2002:"


class _TooBig(Exception):
    """Raised internally when alias expansion exceeds MAX_NODES."""


def read_bank_file(path: str) -> tuple[Any, Lines, list[Problem]]:
    """Return ``(data, lines, problems)`` for the YAML file at ``path``.

    ``lines`` maps a node path (keys and list indexes from the root) to its 1-based
    line. ``data`` is ``None`` when the file cannot be read or parsed.
    """
    try:
        size = os.stat(path).st_size
    except OSError as error:
        return None, {}, [_file_problem(path, f"cannot read file ({error.strerror})")]
    if size > MAX_FILE_BYTES:
        return None, {}, [_too_big(path, size)]
    try:
        with open(path, "rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, {}, [_file_problem(path, f"cannot read file ({error.strerror})")]
    if len(raw) > MAX_FILE_BYTES:  # grew between stat and read
        return None, {}, [_too_big(path, len(raw))]
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = Problem(path, line, "the file is not valid UTF-8", "save it as UTF-8")
        return None, {}, [problem]
    return parse_yaml(source, path)


def too_deep(source: str) -> int | None:
    """The line where [ ] / { } nesting passes MAX_FLOW_DEPTH, or None.

    Read before libyaml sees the text; quoted text and comments are skipped.
    """
    depth, line, quote, comment = 0, 1, "", False
    previous = "\n"
    for char in source:
        if char == "\n":
            line, comment = line + 1, False
        elif comment:
            pass
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and previous in " \t\n":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
    return None


def parse_yaml(source: str, file: str) -> tuple[Any, Lines, list[Problem]]:
    """Parse YAML text; see ``read_bank_file``."""
    deep_at = too_deep(source)
    if deep_at is not None:
        problem = Problem(
            file,
            deep_at,
            f"brackets are nested more than {MAX_FLOW_DEPTH} deep",
            "write the lists and mappings out plainly, one level per indentation",
        )
        return None, {}, [problem]
    loader = YamlLoader(source)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = error.problem or error.context or "invalid YAML"
        fix = "fix the YAML syntax here (check indentation, colons and quotes)"
        return None, {}, [Problem(file, line, f"YAML syntax error: {what}", fix)]
    except yaml.YAMLError as error:
        return None, {}, [Problem(file, 1, f"YAML error: {error}", "fix the YAML syntax")]
    finally:
        loader.dispose()
    empty = isinstance(root, yaml.ScalarNode) and root.tag == _TAG + "null"
    if root is None or empty:
        line = root.start_mark.line + 1 if root is not None else 1
        return (
            None,
            {},
            [Problem(file, line, "the file is empty", "write a bank (see docs/banks.md)")],
        )
    builder = _Builder(file, loader)
    try:
        data = builder.build(root, ())
    except _TooBig:
        problem = Problem(
            file, 1, "the file expands to too many values (aliases?)", "write it out plainly"
        )
        return None, {}, [problem]
    except RecursionError:
        problem = Problem(file, 1, "the file is nested too deeply", "flatten the structure")
        return None, {}, [problem]
    return data, builder.lines, builder.problems


class _Builder:
    """Turn composed YAML nodes into dicts, lists and scalars, recording lines."""

    def __init__(self, file: str, constructor: Any) -> None:
        self.file = file
        self.constructor = constructor
        self.lines: Lines = {}
        self.problems: list[Problem] = []
        self.visited = 0
        self.open_nodes: set[int] = set()

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooBig
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self.open_nodes:
            self._problem(node, "an alias refers to itself", "remove the recursive alias")
            return None
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.open_nodes.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a key must be a plain word", "use a simple key")
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = key_node.value  # `yes:` / `on:` would otherwise become True
            if key in first_line:
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        f"duplicate key '{key}' (first used on line {first_line[key]})",
                        "keep one of the two",
                    )
                )
                continue
            first_line[key] = line
            self.lines[(*path, key)] = line  # the key's line, even for block values
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag == _TAG + "str":
            return node.value
        try:
            if tag == _TAG + "int":
                return self.constructor.construct_yaml_int(node)
            if tag == _TAG + "float":
                return self.constructor.construct_yaml_float(node)
            if tag == _TAG + "bool":
                return self.constructor.construct_yaml_bool(node)
            if tag == _TAG + "null":
                return None
            # timestamps, binary and the like: let the schema reject the type
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            self._problem(node, f"cannot read value {node.value!r} ({error})", "quote it")
            return node.value

    def _problem(self, node: yaml.Node, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message, fix))


def _too_big(path: str, size: int) -> Problem:
    return Problem(
        path,
        1,
        f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
        "split it into several banks or shorten it",
    )


def _file_problem(path: str, message: str) -> Problem:
    return Problem(path, None, message, "check the path")
