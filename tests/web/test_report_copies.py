"""The round board offers each rep's coaching report twice, labelled: the rep's copy
(to hand over) and the manager's copy (with the coaching guide). Both are rendered by
the job queue when the round closes, and each downloads as its own PDF whose file name
says whose copy it is."""

from __future__ import annotations

import html
import re

from assess.demo.synthetic import Profile
from tests.conftest import sign_in
from tests.reports.conftest import PdfText
from tests.support.answered_rounds import answered_round

#: Buyers and a manager who see a rep with room to grow: there are things to work on.
LUKEWARM = Profile(default=0.45, noise=0.05)
LINK = re.compile(r'<a href="(/manage/reports/\d+\.pdf)" aria-label="([^"]+)">([^<]+)</a>')


def closed_round(client, manager, session):
    answered = answered_round(client, session, manager)
    answered.answer("consultative_selling", "self", name="Robin Rep")
    answered.answer("manager_review", "manager", LUKEWARM, name="Max Manager")
    for number in range(3):
        answered.answer("buyer_feedback", "customer", LUKEWARM, name=f"Customer {number}")
    sign_in(client, manager.email)
    answered.close()
    return answered


def test_the_board_offers_the_reps_copy_and_the_managers_copy(client, manager, session):
    answered = closed_round(client, manager, session)
    board = html.unescape(client.get(answered.board_url).get_data(as_text=True))
    links = {text: (href, label) for href, label, text in LINK.findall(board)}
    rep_href, rep_label = links["Rep's copy (PDF)"]
    manager_href, manager_label = links["Manager's copy, with coaching guide (PDF)"]
    assert rep_label == "Robin Rep's coaching report: rep's copy (PDF)"
    assert manager_label == "Robin Rep's coaching report: manager's copy, with coaching guide (PDF)"
    assert "the rep's copy, written to them, to hand over" in board

    rep_copy, manager_copy = client.get(rep_href), client.get(manager_href)
    assert rep_copy.status_code == manager_copy.status_code == 200
    assert "coaching report - rep's copy.pdf" in rep_copy.headers["Content-Disposition"]
    assert "coaching report - manager's copy.pdf" in manager_copy.headers["Content-Disposition"]
    rep_pdf, manager_pdf = PdfText(rep_copy.data), PdfText(manager_copy.data)
    assert rep_pdf.has("Rep's copy") and manager_pdf.has("Manager's copy")
    assert manager_pdf.has("Coaching guide for the manager")
    assert manager_pdf.has("Ask in the one-to-one".upper())
    assert not rep_pdf.has("Coaching guide for the manager")
    assert "to work on first" in rep_pdf.pages[0]
    assert manager_pdf.count == rep_pdf.count + 1


def test_each_copy_is_listed_apart_while_the_queue_renders_it(client, manager, session):
    answered = closed_round(client, manager, session)
    listed = client.get(f"{answered.board_url}/reports.json").json
    readers = sorted((entry["kind"], entry["reader"]) for entry in listed)
    assert readers == [("rep", "manager"), ("rep", "rep"), ("team", "manager")]
    assert {entry["status"] for entry in listed} == {"done"}
