"""What the alignment survey's rubric says to the owner about a team reads as a
sentence about that team: "Field Sales follows up each lead the way it asked to be
contacted", never "…the way they want" (whose way?)."""

from __future__ import annotations

from assess.core.reports.rubrics import Rubrics

BANK = "sales_marketing_alignment"


def test_channel_follow_up_is_said_plainly_about_the_team(team_inputs):
    rubrics = Rubrics(team_inputs)
    bank = team_inputs.banks[BANK]
    said = {
        tone: rubrics.owner_sentence_in(
            bank, "channel_followup", "aligned", tone, rep="Field Sales", team="Field Sales"
        )
        for tone in ("blunt", "diplomatic")
    }
    assert said["blunt"] == "Field Sales follows up each lead the way it asked to be contacted."
    assert said["diplomatic"] == "In Field Sales, follow-up matches how each lead came in."


def test_no_alignment_sentence_leaves_its_subject_unclear(team_inputs):
    rubrics = Rubrics(team_inputs)
    bank = team_inputs.banks[BANK]
    for area in bank.rubric.competencies:
        for band in bank.rubric.bands:
            for tone in ("blunt", "diplomatic"):
                sentence = rubrics.owner_sentence_in(
                    bank, area.id, band.id, tone, rep="Field Sales", team="Field Sales"
                )
                assert "the way they want" not in sentence and "reached you" not in sentence
