"""A round answered by named people and buyers, run from the outside: closed, reports
downloaded, exported and erased through the manager's pages (CSRF on).

The answers are the demo's synthetic ones (seeded), written as rows with the factories;
everything the tests then read — board, export bytes, PDF text — goes through HTTP.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from assess.demo.synthetic import Profile, synthetic_answers
from assess.models import Answer, BankVersion, Invitation, Rep, Round, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
)
from tests.reports.conftest import PdfText
from tests.support.http import csrf_from

COMMENT_ITEMS = {
    "buyer_feedback": "bf_comment",
    "manager_review": "mr_comment",
    "sales_marketing_alignment": "sm_comment",
}
HAPPY = Profile(default=0.85)
PUSHY = Profile(default=0.3, pushy=True)


@dataclass
class AnsweredRound:
    """A round of one rep, its bank versions, and the manager's test client."""

    client: object
    session: object
    round: Round
    rep: Rep
    versions: dict[str, BankVersion]
    seed: int = field(default=0)

    @property
    def board_url(self) -> str:
        return f"/manage/rounds/{self.round.id}"

    def answer(
        self,
        bank_id: str,
        role: str,
        profile: Profile = HAPPY,
        *,
        name: str | None = None,
        comment: str | None = None,
        finished: bool = True,
        about_rep: bool = True,
        language: str = "en",
    ) -> Invitation:
        """One respondent's response (a finished one, or only its first page), given in
        `language`."""
        self.seed += 1
        bank = shipped_banks()[bank_id].for_role(role)  # the pages this rater is asked
        key = "self" if role == "self" else f"{role}-{self.seed}@example.com"
        invitation = InvitationFactory(
            round=self.round, rep=self.rep, rep_id=self.rep.id if about_rep else None,
            bank_version=self.versions[bank_id], rater_role=role, rater_key=key,
            rater_name=name, rater_email=None if role == "self" else key,
            status="completed" if finished else "in_progress", language=language,
        )  # fmt: skip
        response = ResponseFactory(
            invitation=invitation, completed_at=utcnow() if finished else None,
            active_seconds=600, locale=language,
        )  # fmt: skip
        answers = synthetic_answers(bank, profile, random.Random(self.seed))
        if bank_id in COMMENT_ITEMS:
            answers.pop(COMMENT_ITEMS[bank_id], None)
            if comment is not None:
                answers[COMMENT_ITEMS[bank_id]] = comment
        if not finished:
            first_page = {item.id for item in bank.pages[0].items}
            answers = {key: value for key, value in answers.items() if key in first_page}
        for item_id, value in answers.items():
            self.session.add(Answer(response_id=response.id, item_id=item_id, value=value))
        self.session.flush()
        return invitation

    def post(self, url: str, **fields):
        """POST a board button, with the board's own CSRF token."""
        token = csrf_from(self.client.get(self.board_url))
        return self.client.post(url, data={"csrf_token": token, **fields})

    def close(self) -> None:
        """Close the round on its board: it is scored and its reports rendered (the test
        app runs jobs at once)."""
        answer = self.post(f"{self.board_url}/close", confirmed="yes")
        assert answer.status_code == 302, answer.status_code

    def report(self, kind: str, reader: str = "rep") -> PdfText:
        """The downloaded PDF of the round's team report or (only) rep's report, in the
        rep's copy unless `reader` asks for the manager's."""
        return PdfText(self.download(kind, reader).data)

    def download(self, kind: str, reader: str = "rep"):
        """The download answer of the round's team report or (only) rep's report."""
        listed = self.client.get(f"{self.board_url}/reports.json").json
        (report,) = [
            entry
            for entry in listed
            if entry["kind"] == kind and (kind == "team" or entry["reader"] == reader)
        ]
        assert report["status"] == "done", report
        download = self.client.get(f"/manage/reports/{report['id']}.pdf")
        assert download.status_code == 200
        return download

    def export(self, kind: str = "json"):
        answer = self.client.get(f"{self.board_url}/export.{kind}")
        assert answer.status_code == 200
        return answer.json if kind == "json" else answer.get_data(as_text=True)

    def erase(self, invitation: Invitation) -> None:
        answer = self.post(f"/manage/invitations/{invitation.id}/delete-data", confirmed="yes")
        assert answer.status_code == 302, answer.status_code


def answered_round(
    client,
    session,
    manager,
    banks=("consultative_selling", "buyer_feedback", "manager_review"),
) -> AnsweredRound:
    """An open round of the manager's team, one rep, the shipped `banks`; the manager
    is signed in on `client`."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, name="Robin Rep")
    versions = {bank_id: ensure_version(session, shipped_banks()[bank_id]) for bank_id in banks}
    assessment_round = RoundFactory(team=team, bank_versions=list(versions.values()))
    return AnsweredRound(client, session, assessment_round, rep, versions)


RATER_COUNT = re.compile(
    r"(?<!than )(?<!least )\b\d+\s+(?:of\s+\d+\s+)?"
    r"(?:referred\s+buyers?|buyers?|prospects?|customers?|marketers?|buyer\s+surveys?|"
    r"answers?\s+from)\b"
)


def rater_counts(text: str) -> list[str]:
    """Every count of raters a text states: "2 of 2 referred buyers", "2 buyers",
    "3 answers from marketing" (whitespace collapsed); thresholds ("fewer than 3
    buyers", "at least 2 referred buyers") are not counts."""
    return RATER_COUNT.findall(" ".join(text.split()))
