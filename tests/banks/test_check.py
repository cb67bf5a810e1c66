"""check_paths: what `flask banks check` prints and whether it succeeds."""

from __future__ import annotations

import re

from assess.core.banks import check_paths
from tests.banks.conftest import MINI, MIRROR, edit, line_of

PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): .+ — .+$")


def test_directory_of_valid_banks(tmp_path):
    (tmp_path / "mini.yaml").write_text(MINI)
    (tmp_path / "mini_buyer.yml").write_text(MIRROR)
    (tmp_path / "notes.txt").write_text("not a bank")
    result = check_paths([str(tmp_path)])
    assert result.ok
    assert [line.split()[0] for line in result.lines] == ["mini", "mini_buyer"]
    first = result.lines[0]
    assert "v1" in first and "4 items" in first and "1 competencies" in first
    assert result.banks["mini"].short_hash in first


def test_files_and_directories_mix(tmp_path):
    (tmp_path / "mini.yaml").write_text(MINI)
    other = tmp_path / "other"
    other.mkdir()
    (other / "buyer.yaml").write_text(MIRROR)
    result = check_paths([str(tmp_path / "mini.yaml"), str(other)])
    assert result.ok and len(result.lines) == 2


def test_problems_print_as_file_line_message_fix(tmp_path):
    broken = edit(
        MINI,
        "{id: refuse, text: Refuse flatly, score: 40, why: Ends the talk.}",
        "{id: refuse, text: Refuse flatly, why: Ends the talk.}",
    )
    broken = edit(broken, "expected_minutes: 5", "expected_minute: 5")
    (tmp_path / "mini.yaml").write_text(broken)
    result = check_paths([str(tmp_path)])
    assert not result.ok
    assert len(result.lines) == 3  # unknown key, missing key, option without score
    for line in result.lines:
        assert PROBLEM_LINE.match(line), line
    numbers = sorted(int(PROBLEM_LINE.match(line)["line"]) for line in result.lines)
    assert numbers == sorted(
        [1, line_of(broken, "expected_minute:"), line_of(broken, "{id: refuse")]
    )


def test_a_problem_in_one_bank_fails_the_whole_check(tmp_path):
    (tmp_path / "good.yaml").write_text(MIRROR.replace("mirrors: [mini]", "mirrors: [mini]"))
    (tmp_path / "mini.yaml").write_text(edit(MINI, 'version: "1"', "version: [1]"))
    result = check_paths([str(tmp_path)])
    assert not result.ok
    assert any("version must be a non-empty string" in line for line in result.lines)


def test_missing_path_and_empty_directory(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = check_paths([str(tmp_path / "nope.yaml"), str(empty)])
    assert not result.ok
    assert result.lines == [
        f"{empty}: no bank files here — add *.yaml files or pass another path",
        f"{tmp_path / 'nope.yaml'}: no such file or directory — check the path",
    ]


def test_nothing_to_check():
    result = check_paths([])
    assert not result.ok and "no paths" in result.lines[0]
