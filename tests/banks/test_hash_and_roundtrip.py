"""The content hash follows the content, not the formatting; to_dict round-trips."""

from __future__ import annotations

import json
import random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.banks import BankError, bank_from_dict, load_bank, load_banks
from tests.banks.conftest import MINI, SHIPPED, edit


def hash_of(tmp_path, text: str, name: str = "bank.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_bank(path).content_hash


def shuffled(data, rng: random.Random):
    """The same data with every mapping's keys in a random order."""
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {key: shuffled(data[key], rng) for key in keys}
    if isinstance(data, list):
        return [shuffled(entry, rng) for entry in data]
    return data


def test_hash_is_sha256_hex(tmp_path):
    digest = hash_of(tmp_path, MINI)
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_reformatting_reordering_and_comments_keep_the_hash(tmp_path):
    original = hash_of(tmp_path, MINI)
    data = yaml.safe_load(MINI)
    reordered = shuffled(data, random.Random(7))
    rewritten = "# reviewed by the sales team\n" + yaml.safe_dump(
        reordered, sort_keys=False, default_flow_style=True, width=60
    )
    assert rewritten != MINI
    assert hash_of(tmp_path, rewritten, "other.yaml") == original


def test_writing_defaults_out_keeps_the_hash(tmp_path):
    explicit = edit(
        MINI,
        "text: I let buyers finish.\n",
        "text: {en: I let buyers finish.}\n        required: true\n        reverse_keyed: false\n",
    )
    explicit = edit(explicit, "max_length: 50", "max_length: 50\n        required: false")
    assert hash_of(tmp_path, explicit) == hash_of(tmp_path, MINI, "plain.yaml")


def test_whole_numbers_hash_alike(tmp_path):
    assert hash_of(tmp_path, edit(MINI, "score: 100, why", "score: 100.0, why")) == hash_of(
        tmp_path, MINI, "b.yaml"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("text: I let buyers finish.", "text: I let buyers finish talking."),
        ("score: 40, why", "score: 45, why"),
        ('version: "1"', 'version: "2"'),
        (
            "exercise: Count who talks more on three calls a week.",
            "exercise: Count who talks more.",
        ),
        ("{id: low, label: Low, min: 0, max: 50}", "{id: low, label: Low, min: 0, max: 60}"),
    ],
)
def test_any_content_change_changes_the_hash(tmp_path, old, new):
    changed = edit(MINI, old, new)
    if "max: 60" in new:
        changed = edit(changed, "min: 50, max: 100", "min: 60, max: 100")
    assert hash_of(tmp_path, changed) != hash_of(tmp_path, MINI, "original.yaml")


def test_reordering_items_changes_the_hash(tmp_path):
    data = yaml.safe_load(MINI)
    items = data["pages"][0]["items"]
    items[0], items[1] = items[1], items[0]
    assert hash_of(tmp_path, yaml.safe_dump(data)) != hash_of(tmp_path, MINI, "original.yaml")


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_hash_ignores_key_order_of_stored_data(seed):
    bank = bank_from_dict(yaml.safe_load(MINI))
    reordered = bank_from_dict(shuffled(bank.to_dict(), random.Random(seed)))
    assert reordered.content_hash == bank.content_hash


@pytest.fixture(scope="module")
def shipped():
    return load_banks(SHIPPED)


def test_every_shipped_bank_round_trips_through_json(shipped):
    for bank in shipped.values():
        stored = json.loads(json.dumps(bank.to_dict()))
        rebuilt = bank_from_dict(stored)
        assert rebuilt == bank
        assert rebuilt.content_hash == bank.content_hash


def test_corrupted_stored_bank_raises_bank_error(shipped):
    stored = shipped["buyer_feedback"].to_dict()
    stored["pages"][0]["items"][0]["scale"] = "nope"
    with pytest.raises(BankError, match="unknown scale 'nope'"):
        bank_from_dict(stored)
    with pytest.raises(BankError):
        bank_from_dict(["not", "a", "bank"])
