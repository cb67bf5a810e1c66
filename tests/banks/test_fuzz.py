"""Bad input of any shape gives BankError with problems, never another exception."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.core.banks import Bank, BankError, bank_from_dict, load_bank, load_banks
from tests.banks.conftest import MINI, MIRROR, SHIPPED

BASE = yaml.safe_load(MINI)
MIRROR_BASE = yaml.safe_load(MIRROR)

junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["listening", "q_listen", "agree5", "low", "high", "self", "pushy"]),
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def paths(data, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw, base):
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        choices = paths(data)
        if not choices:
            break
        path = draw(st.sampled_from(choices))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(junk)
    return data


def assert_only_bank_error(build, data):
    try:
        result = build(data)
    except BankError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.message and problem.fix
    else:
        assert isinstance(result, Bank)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(BASE))
def test_corrupted_owning_bank(data):
    assert_only_bank_error(bank_from_dict, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(MIRROR_BASE))
def test_corrupted_mirroring_bank(data):
    assert_only_bank_error(bank_from_dict, data)


SHIPPED_DATA = [bank.to_dict() for bank in load_banks(SHIPPED).values()]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHIPPED_DATA).flatmap(mutated))
def test_corrupted_shipped_banks(data):
    assert_only_bank_error(bank_from_dict, data)


@settings(max_examples=100, deadline=None)
@given(junk)
def test_anything_at_all_as_a_stored_bank(data):
    assert_only_bank_error(bank_from_dict, data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(min_value=0, max_value=len(MINI)), st.text(max_size=6), st.integers(0, 20))
def test_mangled_yaml_text(tmp_path, position, inserted, cut):
    text = MINI[:position] + inserted + MINI[position + cut :]
    path = tmp_path / "mangled.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_only_bank_error(load_bank, path)


def test_binary_garbage(tmp_path):
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"id: x\n\xff\xfe\x00 broken")
    assert_only_bank_error(load_bank, path)
