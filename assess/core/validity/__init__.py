"""Does the assessment predict results here? The pure statistics (numpy, no IO).

Rank correlations between competency scores and outcomes with their 90 % intervals
(`correlation`, a whole table at once in `table`), their p-values adjusted for the many
pairs of a page (`multiplicity`: Benjamini–Hochberg), an outcome by verdict group with t
intervals (`groups`), the plain words for all of it (`wording`), and a rep's others'
rating of each item of a bank, for the same correlations per item (`items`). Plain
values or arrays go in, dataclasses come out.

Public API::

    spearman(scores, outcomes, *, min_reps=20) -> Correlation
    spearman_table(score_table, outcome_table, *, min_reps=20) -> CorrelationTable
    benjamini_hochberg(p_values) -> adjusted p-values;  FDR
    outcome_by_verdict(verdicts, outcomes, *, groups=VERDICT_GROUPS, min_reps=5)
        -> [GroupOutcome]
    verdict_coverage(verdicts, groups=VERDICT_GROUPS) -> VerdictCoverage
    link(result) -> str;  link_words(result) -> str
    correlation_sentence(result, competency, outcome) -> str
    multiplicity_sentence(tested, chance) -> str
    group_sentence(group, outcome) -> str;  coverage_sentence(coverage) -> str
    CAUSATION_NOTE
    rep_item_table(bank, [RepAnswers]) -> reps × item_columns(bank) array
"""

from __future__ import annotations

from assess.core.validity.correlation import (
    MIN_REPS,
    Correlation,
    average_ranks,
    fisher_interval,
    spearman,
)
from assess.core.validity.groups import (
    MIN_GROUP_REPS,
    VERDICT_GROUPS,
    GroupOutcome,
    VerdictCoverage,
    outcome_by_verdict,
    t_quantile,
    verdict_coverage,
)
from assess.core.validity.items import RepAnswers, item_columns, rep_item_table
from assess.core.validity.multiplicity import FDR, benjamini_hochberg, fisher_p_value
from assess.core.validity.table import CorrelationTable, spearman_table
from assess.core.validity.wording import (
    CAUSATION_NOTE,
    correlation_sentence,
    coverage_sentence,
    group_sentence,
    link,
    link_words,
    multiplicity_sentence,
)

__all__ = [
    "CAUSATION_NOTE",
    "FDR",
    "MIN_GROUP_REPS",
    "MIN_REPS",
    "VERDICT_GROUPS",
    "Correlation",
    "CorrelationTable",
    "GroupOutcome",
    "RepAnswers",
    "VerdictCoverage",
    "average_ranks",
    "benjamini_hochberg",
    "correlation_sentence",
    "coverage_sentence",
    "fisher_interval",
    "fisher_p_value",
    "group_sentence",
    "item_columns",
    "link",
    "link_words",
    "multiplicity_sentence",
    "outcome_by_verdict",
    "rep_item_table",
    "spearman",
    "spearman_table",
    "t_quantile",
    "verdict_coverage",
]
