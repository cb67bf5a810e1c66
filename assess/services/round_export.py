"""A round's answers as rows for the raw export (CSV, JSON): what may leave in a file.

* **Named raters** — the rep's self-assessments and the manager's reviews of a rep —
  are not anonymous: their answers are exported item by item, as saved, with their
  name.
* **Anonymous raters** — buyers, and everyone who answers an organization-wide survey
  (sales–marketing alignment, which promises "never one by one") — are exported only
  as the group scores the round issued when it closed: per rep (or per side of the
  survey) and competency, for groups at or above the anonymity minimum, and their
  comments only when the report shows them. Nothing of theirs is exported before the
  round is closed and scored (a group that grows between two exports could be
  differenced), no unfinished response, and no id or timestamp that orders people.
  The group rows are read from the stored score snapshots, so an erasure after the
  round closed does not change them (docs/anonymity.md).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.core.reports.wording import distinct_comments
from assess.models import Answer, Invitation, Rep, Response, Round, ScoreSnapshot
from assess.services.bank_versions import bank_for_version

COLUMNS = (
    "round", "bank", "bank_version", "rep", "rater_role", "rater", "raters", "completed",
    "item", "competency", "value", "saved_at",
)  # fmt: skip
#: Raters who are known people: their own answers may be exported as they are.
NAMED_ROLES = ("self", "manager")
#: The group scores of a rep's buyers, pooled first, then each role the engine shows.
BUYER_GROUPS = ("buyers", *BUYER_ROLES)
OK = "ok"


def _row(assessment_round: Round, **fields) -> dict:
    return {column: fields.get(column, "") for column in COLUMNS} | {"round": assessment_round.name}


def named_rows(session: Session, assessment_round: Round) -> list[dict]:
    """Every saved answer of the round's self-assessments and manager reviews of a rep."""
    results = session.execute(
        select(Invitation, Response, Answer, Rep.name)
        .join(Response, Response.invitation_id == Invitation.id)
        .join(Answer, Answer.response_id == Response.id)
        .outerjoin(Rep, Rep.id == Invitation.rep_id)
        .where(Invitation.round_id == assessment_round.id, Invitation.rater_role.in_(NAMED_ROLES))
    )
    rows = []
    for invitation, response, answer, rep_name in results:
        if invitation.rep_id is None or bank_for_version(invitation.bank_version).is_org_wide:
            continue
        rows.append(
            _row(
                assessment_round,
                bank=invitation.bank_version.bank_key,
                bank_version=invitation.bank_version.content_hash[:12],
                rep=rep_name or "",
                rater_role=invitation.rater_role,
                rater=invitation.rater_name or invitation.rater_role,
                raters=1,
                completed=response.completed_at.isoformat() if response.completed_at else "",
                item=answer.item_id,
                value=answer.value,
                saved_at=answer.saved_at.isoformat(),
            )
        )
    rows.sort(
        key=lambda row: (row["rep"], row["bank"], row["rater_role"], row["rater"], row["item"])
    )
    return rows


def _group_row(assessment_round: Round, versions: dict, **fields) -> dict:
    return _row(assessment_round, bank_version=versions.get(fields.get("bank"), ""), **fields)


def buyer_rows(
    assessment_round: Round, snapshot: ScoreSnapshot, rep_name: str, versions: dict
) -> list[dict]:
    """A rep's buyer group scores and comments, as the round issued them."""
    payload = snapshot.payload
    rows = []
    for competency in payload.get("competencies", []):
        for group in BUYER_GROUPS:
            score = competency.get("groups", {}).get(group) or {}
            if score.get("status") == OK and score.get("score") is not None:
                rows.append(
                    _group_row(
                        assessment_round, versions, bank=competency.get("bank_id", ""),
                        rep=rep_name, rater_role=group, raters=score.get("raters", ""),
                        competency=competency["id"], value=score["score"],
                    )
                )  # fmt: skip
    overall = (payload.get("overall") or {}).get("buyers") or {}
    if overall.get("status") == OK and overall.get("score") is not None:
        rows.append(
            _group_row(
                assessment_round, versions, rep=rep_name, rater_role="buyers",
                raters=overall.get("raters", ""), competency="overall", value=overall["score"],
            )
        )  # fmt: skip
    if (payload.get("buyers") or {}).get("shown"):
        rows.extend(
            _group_row(
                assessment_round,
                versions,
                rep=rep_name,
                rater_role="buyers",
                item="comment",
                value=comment,
            )  # fmt: skip
            for comment in distinct_comments(list(payload.get("buyer_comments", [])))
        )
    return rows


def survey_rows(assessment_round: Round, team_payload: dict, versions: dict) -> list[dict]:
    """Each organization-wide survey's side scores and comments, as issued."""
    rows = []
    for bank_id, result in sorted((team_payload.get("alignment") or {}).items()):
        for area in result.get("areas", []):
            for side, score in (area.get("sides") or {}).items():
                if score.get("status") == OK and score.get("score") is not None:
                    rows.append(
                        _group_row(
                            assessment_round, versions, bank=bank_id, rater_role=side,
                            raters=score.get("raters", ""), competency=area["id"],
                            value=score["score"],
                        )
                    )  # fmt: skip
        rows.extend(
            _group_row(assessment_round, versions, bank=bank_id, item="comment", value=comment)
            for comment in distinct_comments(list(result.get("comments", [])))
        )
    return rows


def group_rows(session: Session, assessment_round: Round) -> list[dict]:
    """The anonymous raters' group scores and comments from the round's snapshots
    (none before the round is closed and scored)."""
    if assessment_round.status != "closed":
        return []
    snapshots = session.scalars(
        select(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
    ).all()
    versions = {
        round_bank.bank_version.bank_key: round_bank.bank_version.content_hash[:12]
        for round_bank in assessment_round.banks
    }
    rep_ids = [snapshot.rep_id for snapshot in snapshots if snapshot.rep_id is not None]
    names = dict(session.execute(select(Rep.id, Rep.name).where(Rep.id.in_(rep_ids))).all())
    rows = []
    reps = sorted(
        (snapshot for snapshot in snapshots if snapshot.scope == "rep"),
        key=lambda snapshot: (names.get(snapshot.rep_id, ""), snapshot.rep_id),
    )
    for snapshot in reps:
        rows.extend(
            buyer_rows(assessment_round, snapshot, names.get(snapshot.rep_id, ""), versions)
        )
    for snapshot in snapshots:
        if snapshot.scope == "team":
            rows.extend(survey_rows(assessment_round, snapshot.payload, versions))
    return rows


def export_rows(session: Session, assessment_round: Round) -> list[dict]:
    """What the raw export of `assessment_round` holds, one dict per row (``COLUMNS``)."""
    return named_rows(session, assessment_round) + group_rows(session, assessment_round)
