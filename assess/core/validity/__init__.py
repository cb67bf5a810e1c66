"""Does the assessment predict results here? The pure statistics (numpy, no IO).

Rank correlations between competency scores and outcomes with their 90 % intervals
(`correlation`), an outcome by verdict group with t intervals (`groups`), the plain
words for both (`wording`), and a rep's others' rating of each item of a bank, for the
same correlations per item (`items`). Plain values or arrays go in, dataclasses come out.

Public API::

    spearman(scores, outcomes, *, min_reps=20) -> Correlation
    spearman_table(score_table, outcome_table, *, min_reps=20) -> CorrelationTable
    outcome_by_verdict(verdicts, outcomes, *, groups=VERDICT_GROUPS, min_reps=5)
        -> [GroupOutcome]
    correlation_sentence(result, competency, outcome) -> str
    group_sentence(group, outcome) -> str;  CAUSATION_NOTE
    rep_item_table(bank, [RepAnswers]) -> reps × item_columns(bank) array
"""

from __future__ import annotations

from assess.core.validity.correlation import (
    MIN_REPS,
    Correlation,
    CorrelationTable,
    average_ranks,
    fisher_interval,
    spearman,
    spearman_table,
)
from assess.core.validity.groups import (
    MIN_GROUP_REPS,
    VERDICT_GROUPS,
    GroupOutcome,
    outcome_by_verdict,
    t_quantile,
)
from assess.core.validity.items import RepAnswers, item_columns, rep_item_table
from assess.core.validity.wording import (
    CAUSATION_NOTE,
    correlation_sentence,
    group_sentence,
    link,
)

__all__ = [
    "CAUSATION_NOTE",
    "MIN_GROUP_REPS",
    "MIN_REPS",
    "VERDICT_GROUPS",
    "Correlation",
    "CorrelationTable",
    "GroupOutcome",
    "RepAnswers",
    "average_ranks",
    "correlation_sentence",
    "fisher_interval",
    "group_sentence",
    "item_columns",
    "link",
    "outcome_by_verdict",
    "rep_item_table",
    "spearman",
    "spearman_table",
    "t_quantile",
]
