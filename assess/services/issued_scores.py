"""A closed round's issued scores, and what an erasure may change in them.

A round is scored when it closes (and again only when, reopened, it closes again); its
score snapshots are what the reports, the export and every later rendering show.
Erasing a respondent afterwards deletes their answers and identity but keeps the
issued scores: scoring the round again without them would let anyone subtract the new
scores from the old ones and read what they answered. A score is an aggregate; a
comment is one person's own words, so the free text an erased respondent may have
written is withdrawn from the snapshots — all of the group's comments at once, since
removing only theirs would show which was theirs.
See docs/anonymity.md. Operations flush; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, ScoreSnapshot
from assess.services.bank_versions import bank_for_version


def _snapshot(session: Session, invitation: Invitation, scope: str) -> ScoreSnapshot | None:
    query = select(ScoreSnapshot).where(
        ScoreSnapshot.round_id == invitation.round_id, ScoreSnapshot.scope == scope
    )
    if scope == "rep":
        query = query.where(ScoreSnapshot.rep_id == invitation.rep_id)
    return session.scalar(query)


def _withdrawn(payload: dict, path: tuple[str, ...], texts: str, marker: str) -> dict | None:
    """A copy of `payload` with the texts at `path` + `texts` emptied and `marker` set
    beside them, or None when there were no texts to withdraw."""
    copy = dict(payload)
    holder = copy
    for key in path:
        if not isinstance(holder.get(key), dict):
            return None
        holder[key] = dict(holder[key])
        holder = holder[key]
    if not holder.get(texts):
        return None
    holder[texts] = []
    holder[marker] = True
    return copy


def withdraw_texts(session: Session, invitation: Invitation) -> bool:
    """Withdraw from the round's issued snapshots the free text group that held what
    `invitation`'s respondent wrote (their response counted in the scores). Returns
    whether a snapshot changed, so its reports must be rendered again.

    * a buyer: every buyer comment about the rep;
    * the manager: the manager's comments in the rep's report;
    * an organization-wide survey (sales–marketing): that survey's comments.
    The self-assessment puts no free text in the snapshots.
    """
    bank = bank_for_version(invitation.bank_version)
    if bank.is_org_wide:
        scope, path, texts, marker = (
            "team",
            ("alignment", bank.id),
            "comments",
            "comments_withdrawn",
        )
    elif invitation.rep_id is not None and invitation.rater_role in BUYER_ROLES:
        scope, path, texts, marker = "rep", (), "buyer_comments", "buyer_comments_withdrawn"
    elif invitation.rep_id is not None and invitation.rater_role == "manager":
        scope, path, texts, marker = "rep", (), "manager_comments", "manager_comments_withdrawn"
    else:
        return False
    snapshot = _snapshot(session, invitation, scope)
    if snapshot is None:
        return False
    changed = _withdrawn(snapshot.payload, path, texts, marker)
    if changed is None:
        return False
    snapshot.payload = changed
    session.flush()
    return True
