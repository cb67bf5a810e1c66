"""Problems found in bank files, and the one exception the public API raises.

A bank author fixes YAML in an editor, so every problem carries the file and line of
the offending node and says both what is wrong and how to fix it. The validator
collects all problems before raising, so one run of ``banks check`` shows everything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file.

    ``line`` is 1-based; it is ``None`` only when the problem is not inside a file
    (for instance a path that does not exist).
    """

    file: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message} — {self.fix}"


class BankError(ValueError):
    """A bank (or a set of banks) is invalid; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(problem) for problem in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        super().__init__(f"{len(self.problems)} problem(s) in question banks:\n{shown}")
