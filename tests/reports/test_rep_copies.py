"""Two readers, two texts: the rep's copy speaks to the rep, the manager's copy is the
same report plus a coaching guide. Read back from the PDFs."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

import pytest

from assess.demo.samples import demo_rep_inputs
from assess.services import report_pdfs
from tests.reports.conftest import PdfText


def manager_copy(inputs):
    return replace(inputs, reader="manager")


@pytest.fixture(scope="module")
def pushy_manager_pdf(pushy_inputs):
    return PdfText(report_pdfs.rep_report_pdf(manager_copy(pushy_inputs)))


def page_one_sections(pdf: PdfText, name: str) -> tuple[str, str]:
    """(verdict section, focus section) of page one, without the page's furniture: the
    title and the running footer are the only places the rep's name may stand."""
    lines = [
        line
        for line in pdf.pages[0].splitlines()
        if line.strip() != name and not line.startswith(f"{name} · ")
    ]
    text = " ".join(" ".join(lines).split())
    verdict = text.split("COPY", 1)[1].split("SCORE", 1)[0]
    focus = text.split("to work on first", 1)[1]
    return verdict, focus


@pytest.mark.parametrize("archetype", ["pushy", "faker", "newcomer", "improver", "trusted"])
def test_the_reps_copy_speaks_to_the_rep_in_the_verdict_and_focus(banks, archetype):
    inputs = demo_rep_inputs(archetype=archetype, banks=banks)
    name = inputs.rep_payload["rep_name"]
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    verdict, focus = page_one_sections(pdf, name)
    first_name = name.split()[0]
    for section in (verdict, focus):
        assert first_name not in section, section
        assert re.search(r"\b(themself|themselves|he|she|his|her)\b", section) is None, section
    assert re.search(r"\b[Yy]ou(r)?\b", verdict), verdict
    if report_pdfs.rep_view(inputs)["focus"]:
        assert re.search(r"\b[Yy]ou(r)?\b", focus), focus


def test_a_rep_without_enough_evidence_is_told_so_in_the_second_person(banks):
    inputs = demo_rep_inputs(banks=banks, buyers={"referral": 2}, previous=False)
    name = inputs.rep_payload["rep_name"]
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    verdict, _ = page_one_sections(pdf, name)
    assert "No verdict for you yet: not enough evidence." in verdict
    assert "of your buyers" in verdict and name.split()[0] not in verdict


@pytest.mark.parametrize(
    ("archetype", "tone", "reader"),
    [
        ("pushy", "blunt", "rep"),
        ("pushy", "diplomatic", "manager"),
        ("faker", "blunt", "manager"),
        ("faker", "diplomatic", "rep"),
        ("newcomer", "blunt", "rep"),
        ("improver", "diplomatic", "manager"),
    ],
)
def test_page_one_holds_the_verdict_the_scores_and_two_actions_per_focus_area(
    banks, archetype, tone, reader
):
    inputs = replace(demo_rep_inputs(archetype=archetype, banks=banks), tone=tone, reader=reader)
    pdf = PdfText(report_pdfs.rep_report_pdf(inputs))
    first = " ".join(pdf.pages[0].split())
    view = report_pdfs.rep_view(inputs)
    assert view["verdict"]["headline"] in first
    assert "SCORE" in first and "BUYERS" in first
    assert "for the next 30 days" in first
    # up to three, each clear of the Strength band; fewer, and page one says why
    assert 1 <= len(view["focus"]) <= 3
    if len(view["focus"]) < 3:
        assert "Not chosen as a focus area" in first
    for item in view["focus"]:
        assert len(item["actions"]) == 2
        for action in item["actions"]:
            assert " ".join(action.split()) in first, action
    # one list marker per action on page one, none for anything else in the section
    assert pdf.pages[0].count("◦") == 2 * len(view["focus"])


def test_a_bank_with_one_action_lends_its_exercise_as_the_second(pushy_inputs):
    """Banks written before two actions were asked for still give two: the band's
    30-day exercise is the second."""
    focus_id = report_pdfs.rep_view(pushy_inputs)["focus"][0]["id"]
    banks = dict(pushy_inputs.banks)
    bank_id, bank = next(
        (key, bank) for key, bank in banks.items() if bank.rubric.competency(focus_id)
    )
    competency = bank.rubric.competency(focus_id)
    coaching = tuple(replace(entry, actions=entry.actions[:1]) for entry in competency.coaching)
    shortened = replace(competency, coaching=coaching)
    rubric = replace(
        bank.rubric,
        competencies=tuple(shortened if c.id == focus_id else c for c in bank.rubric.competencies),
    )
    banks[bank_id] = replace(bank, rubric=rubric)
    inputs = replace(pushy_inputs, banks=banks)
    item = report_pdfs.rep_view(inputs)["focus"][0]
    band = competency.coaching_for(item["band"])
    assert item["actions"] == [bank.text(band.actions[0]), bank.text(band.exercise)]
    first = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[0].split())
    assert " ".join(bank.text(band.exercise).split()) in first


def test_the_managers_copy_is_the_reps_copy_plus_a_coaching_guide(
    pushy_inputs, pushy_pdf, pushy_manager_pdf
):
    rep, manager = pushy_pdf, pushy_manager_pdf
    assert manager.count == rep.count + 1

    def same_words(page: str) -> str:
        """A page's words but its copy labels, and the colophon (which closes the document,
        so in the manager's copy it follows the guide)."""
        kept = [line for line in page.splitlines() if "COPY" not in line and "copy" not in line]
        text = " ".join(" ".join(kept).split())
        return " ".join(
            re.sub(r"Made by Candor from .*? enough of them answered\.", "", text).split()
        )

    def after_the_card(pdf: PdfText, pages: int) -> list[str]:
        """The words after page one's verdict card, the interval the manager's copy
        adds to the score left out: the verdict card is said in plain words to the rep
        and with its statistics to the manager (test_rep_verdict_words.py)."""
        text = " ".join(
            same_words(page.replace("\nPete Lindqvist\n", "\n")) for page in pdf.pages[:pages]
        )
        text = re.sub(r", 90 % interval \d+–\d+", "", text[text.index("SCORE ") :])
        # a competency's interval: statistics for the manager, plain words for the rep
        text = re.sub(r"90 % interval (\d+)–(\d+)", r"most likely \1 to \2", text)
        text = text.replace("· borderline", "· close to the edge of its band")
        # the manager's own comments and ratings, named to the manager who wrote them
        text = text.replace("What you said", "What your manager said")
        text = text.replace("by your review alone", "by your manager's review alone")
        text = same_words(text)  # the colophon, wherever the page break put it
        # page breaks fall elsewhere, and list bullets are read out of place: the
        # words, not their order
        return sorted(word for word in text.split() if word not in "•◦")

    assert after_the_card(manager, rep.count) == after_the_card(rep, rep.count)
    assert rep.has("Rep's copy") and not rep.has("Manager's copy")
    assert manager.has("Manager's copy") and not manager.has("Rep's copy")

    guide = " ".join(manager.pages[-1].split())
    assert "Coaching guide for the manager" in guide
    focus = report_pdfs.rep_view(pushy_inputs)["focus"]
    bank_of = {c.id: b for b in pushy_inputs.banks.values() for c in b.rubric.competencies}
    for item in focus:
        competency = bank_of[item["id"]].rubric.competency(item["id"])
        watched = [bank_of[item["id"]].text(text) for text in competency.guide.watch_for]
        asked = [bank_of[item["id"]].text(text) for text in competency.guide.ask]
        assert 2 <= len(asked) <= 3
        for line in (*watched, *asked):
            shown = " ".join(line.replace("{rep}", "Pete Lindqvist").split())
            assert manager.has(shown), shown
            assert not rep.has(shown), shown
    assert guide.count("WATCH FOR ON A RIDE-ALONG") == len(focus)
    assert guide.count("ASK IN THE ONE-TO-ONE") == len(focus)
    # the owner's words are the manager's: in the guide, never in the rep's copy
    assert "Expect complaints and lost referrals." in guide
    assert "Expect complaints" not in rep.text
    assert not rep.has("Coaching guide for the manager") and not rep.has("ride-along")


def test_a_focus_area_whose_bank_has_no_guide_says_so(pushy_inputs):
    banks = {
        key: replace(
            bank,
            rubric=replace(
                bank.rubric,
                competencies=tuple(replace(c, guide=None) for c in bank.rubric.competencies),
            ),
        )
        for key, bank in pushy_inputs.banks.items()
    }
    inputs = manager_copy(replace(pushy_inputs, banks=banks))
    guide = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[-1].split())
    assert (
        "This round's version of the bank has no coaching guide for The buyer's interest first."
        in guide
    )
    assert "WATCH FOR ON A RIDE-ALONG" not in guide


def test_an_unknown_reader_is_refused(pushy_inputs):
    with pytest.raises(ValueError, match="reader must be one of rep, manager"):
        report_pdfs.rep_view(replace(pushy_inputs, reader="owner"))


def test_a_rep_with_only_strengths_gets_a_guide_without_focus_areas(banks):
    inputs = manager_copy(demo_rep_inputs(archetype="trusted", banks=banks))
    assert report_pdfs.rep_view(inputs)["focus"] == []
    guide = " ".join(PdfText(report_pdfs.rep_report_pdf(inputs)).pages[-1].split())
    assert "Coaching guide for the manager" in guide
    assert "is in the Strength band: there is no focus area to coach" in guide
    assert "three things to work on first" not in guide and "RIDE-ALONG" not in guide


def test_the_managers_copy_calls_the_managers_own_words_theirs(pushy_inputs):
    """The manager's copy is read by the manager: their comments are "What you said",
    and a change only their ratings show is "by your review alone" — the rep's copy
    keeps "your manager"."""
    now = copy.deepcopy(pushy_inputs.rep_payload)
    before = copy.deepcopy(pushy_inputs.previous_rep_payload)
    now["manager_comments"] = ["Asks good questions, then stops listening."]
    names = {c["id"]: c["name"]["en"] for c in now["competencies"]}
    for payload, score in ((before, 30.0), (now, 80.0)):
        (entry,) = [c for c in payload["competencies"] if c["id"] == "qualifying"]
        entry["score"] = score
        entry["combined"].update(score=score, se=4.0, groups_used=["manager"])
    inputs = replace(pushy_inputs, rep_payload=now, previous_rep_payload=before)
    moved = f"{names['qualifying']} 30 → 80, a reliable improvement by"
    rep = PdfText(report_pdfs.rep_report_pdf(inputs)).flat()
    manager = PdfText(report_pdfs.rep_report_pdf(manager_copy(inputs))).flat()
    assert "What your manager said Asks good questions" in rep
    assert f"{moved} your manager's review alone" in rep
    assert "What you said Asks good questions" in manager
    assert f"{moved} your review alone" in manager
    assert "What your manager said" not in manager and "your manager's review alone" not in manager
