"""The rep's copy says its statistics in plain words; the manager's copy keeps the
technical note. Read back from the PDFs of both copies."""

from __future__ import annotations

from dataclasses import replace

from assess.services import report_pdfs
from tests.reports.conftest import PdfText, with_rep_payload

JARGON = ("rank correlation", "percentile", "1.645", "standard error", "norm group")


def both_copies(inputs) -> tuple[str, str]:
    """(rep's copy, manager's copy) as flat text."""
    rep = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="rep"))).flat()
    manager = PdfText(report_pdfs.rep_report_pdf(replace(inputs, reader="manager"))).flat()
    return rep, manager


def test_forced_choices_that_disagree_are_told_to_the_rep_without_a_correlation(pushy_inputs):
    profile = {"scores": {}, "blocks": 4, "agreement": -0.6, "disagrees": True}
    rep, manager = both_copies(with_rep_payload(pushy_inputs, forced_choice=profile))
    assert "Forced choices and ratings disagree." in rep
    assert "your competencies came out in a different order from your own ratings" in rep
    assert "(rank correlation -0.60)" in manager.replace("\u2212", "-")
    assert not [word for word in JARGON if word in rep]


def test_a_percentile_is_said_as_a_share_in_the_reps_copy(pushy_inputs):
    competencies = [dict(entry) for entry in pushy_inputs.rep_payload["competencies"]]
    competencies[0].update(percentile=62.4, percentile_source="history", percentile_reference=40)
    competencies[1].update(percentile=83, percentile_source="norm", percentile_reference=None)
    rep, manager = both_copies(with_rep_payload(pushy_inputs, competencies=competencies))
    assert "higher than about 62 % of the 40 earlier scores of other reps here" in rep
    assert "higher than about 83 % of the reference group that comes with this assessment" in rep
    assert "62nd percentile of 40 earlier scores of other reps here" in manager
    assert "83rd percentile of the bank's norm group" in manager
    assert not [word for word in JARGON if word in rep]


def test_a_change_within_noise_is_explained_without_standard_errors(pushy_inputs):
    """The same scores as last round: nothing moved, and the note says why in words."""
    same = replace(pushy_inputs, previous_rep_payload=pushy_inputs.rep_payload)
    rep, manager = both_copies(same)
    assert "No competency moved beyond the noise of the measurement" in rep
    assert "larger than what chance in who answered, and how, could produce on its own" in rep
    assert "1.645 times the standard error of the difference" in manager
    assert not [word for word in JARGON if word in rep]
