"""What the alignment survey's rubric says to the owner about a team reads as a
sentence about that team: "Field Sales follows up each lead the way it asked to be
contacted", never "…the way they want" (whose way?)."""

from __future__ import annotations

import copy
from dataclasses import replace

from assess.core.reports.alignment_section import alignment_sections
from assess.core.reports.rubrics import Rubrics

BANK = "sales_marketing_alignment"


def test_channel_follow_up_is_said_plainly_about_the_team(team_inputs):
    rubrics = Rubrics(team_inputs)
    bank = team_inputs.banks[BANK]
    said = {
        tone: rubrics.owner_sentence_in(
            bank, "channel_followup", "strong", tone, rep="Field Sales", team="Field Sales"
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


def test_an_area_stored_with_the_old_top_band_reads_strong_practice(team_inputs):
    """A result issued before version 2.4 holds the top band as `aligned`: the report
    reads it as "Strong practice", never "Aligned", a word about agreement."""
    payload = copy.deepcopy(team_inputs.team_payload)
    result = payload["alignment"]["sales_marketing_alignment"]
    for area in result["areas"]:
        if area.get("band") == "strong":
            area["band"] = "aligned"
    inputs = replace(team_inputs, team_payload=payload)
    sections = alignment_sections(inputs, Rubrics(inputs), "blunt")
    labels = {area["band_label"] for section in sections for area in section["areas"]}
    assert "Strong practice" in labels and "Aligned" not in labels
