"""Agreement among the buyers of each rep: ICC(1) and the reliability of a rep's buyer
average, by hand, against pingouin (balanced groups) and scipy's one-way ANOVA (groups of
different sizes), and on buyers' competency scores as the reports compute them."""

from __future__ import annotations

import warnings

import numpy as np
import pingouin
import pytest
from scipy.stats import f_oneway

from assess.core.scoring import RaterResponse
from assess.core.scoring.agreement import one_way_icc, rater_agreement
from tests.scoring.conftest import tiny_buyer_response as buyer


def test_icc_by_hand():
    # means 1.5, 3.5, 5.5 around 3.5: MSB = 2·(4 + 0 + 4)/2 = 8; MSW = 6·0.25/3 = 0.5
    result = one_way_icc([[1, 2], [3, 4], [5, 6]])
    assert result.mean_group_size == 2
    assert result.icc1 == pytest.approx(7.5 / 8.5, abs=1e-12)
    assert result.icck == pytest.approx(7.5 / 8, abs=1e-12)


def test_icc_matches_pingouin_on_its_wine_judges():
    """pingouin's `icc` data set: 8 wines, each scored by the same 4 judges."""
    data = pingouin.read_dataset("icc")
    with warnings.catch_warnings():  # pingouin's own use of a pandas API being retired
        warnings.simplefilter("ignore")
        table = pingouin.intraclass_corr(data, targets="Wine", raters="Judge", ratings="Scores")
    table = table.set_index("Type")
    groups = [list(wine["Scores"]) for _, wine in data.groupby("Wine")]
    result = one_way_icc(groups)
    assert result.icc1 == pytest.approx(table.loc["ICC(1,1)", "ICC"], abs=1e-9)
    assert result.icck == pytest.approx(table.loc["ICC(1,k)", "ICC"], abs=1e-9)


def test_icc_matches_the_one_way_anova_on_groups_of_different_sizes():
    rng = np.random.default_rng(5)
    groups = [list(rng.normal(mean, 8, size=size)) for mean, size in
              [(50, 2), (62, 5), (71, 3), (48, 4), (66, 2), (58, 6)]]  # fmt: skip
    sizes = np.array([len(group) for group in groups])
    f = f_oneway(*groups).statistic
    n0 = (sizes.sum() - (sizes**2).sum() / sizes.sum()) / (len(groups) - 1)
    result = one_way_icc(groups)
    assert result.mean_group_size == pytest.approx(n0)
    assert result.icc1 == pytest.approx((f - 1) / (f + n0 - 1), abs=1e-9)
    assert result.icck == pytest.approx(1 - 1 / f, abs=1e-9)


def test_icc_edge_cases():
    assert one_way_icc([]) is None
    assert one_way_icc([[1, 2, 3]]) is None  # one rep
    assert one_way_icc([[1], [2], [3]]) is None  # nobody to agree with
    assert one_way_icc([[3, 3], [3, 3]]) is None  # no variance
    perfect = one_way_icc([[1, 1], [4, 4]])
    assert perfect.icc1 == 1 and perfect.icck == 1
    with pytest.raises(ValueError, match="numbers"):
        one_way_icc([[1, "2"], [3, 4]])


def test_agreement_on_buyers_scores_keys_first_and_drops_lone_buyers(tiny_buyer):
    # Five reps, two or three buyers each, who agree on the rep: answered with the
    # reverse-keyed statement in its own direction, the keyed scores still agree.
    groups = []
    for rep, level in enumerate([1, 2, 3, 4, 5]):
        groups.append([buyer(10 * rep + n, level, 6 - level, level) for n in range(2 + rep % 2)])
    groups.append([buyer(99, 5, 5, 5)])  # a rep with one buyer says nothing of agreement
    agreement = rater_agreement(tiny_buyer, groups)
    by_id = {entry.competency: entry for entry in agreement.competencies}
    assert by_id["listening"].raters == 12 and by_id["listening"].groups == 5
    assert by_id["listening"].icc1 == pytest.approx(1.0)
    # discovery: every buyer answered 3, so there is nothing to measure
    assert by_id["discovery"].icc1 is None
    assert by_id["discovery"].note == "not enough data: the scores do not vary"

    few = rater_agreement(tiny_buyer, groups[:4])
    assert few.competencies[0].icc1 is None
    assert few.competencies[0].note.startswith("not enough data: 10 buyers of 4 reps")


def test_agreement_rejects_other_banks(tiny_buyer):
    with pytest.raises(ValueError, match="must answer tiny_buyer"):
        rater_agreement(tiny_buyer, [[RaterResponse("x", "customer", "mini_buyer", {})]])
