"""Who may answer a buyer survey about a rep: someone outside the rep's organization.

Buyer feedback is worth something only when it comes from people the rep sold to, not
from the rep under another address or from a colleague doing them a favour. So an
address is compared as the mailbox it reaches — lower-cased, NFKC-normalised (a
full-width "ａ" is an "a") and without the "+tag" that most providers deliver to the
same mailbox — with the rep's own, every other rep's and every Candor user's of the
organization. An address at the rep's own company domain is refused as well, unless
that domain is a public mail provider, where sharing a domain says nothing.

One rule, applied wherever a buyer comes in: the board's "Ask a buyer" form, the buyers
CSV, the rep's own suggestions, and the manager's approval of those suggestions. Only
`organization_mailboxes` reads the database; the rest is plain string logic.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.i18n import gettext
from assess.models import HeldInvitation, Rep, User

#: Public mail providers: two addresses there share a domain, not a company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "pm.me", "web.de", "mail.com", "gmx.com", "zoho.com",
        "yandex.com", "yandex.ru", "mail.ru", "fastmail.com", "hey.com", "tutanota.com",
        "tuta.io", "t-online.de", "freenet.de", "orange.fr", "free.fr", "laposte.net",
        "libero.it", "qq.com", "163.com", "126.com",
    }
)  # fmt: skip
#: Providers that keep one name under several country endings (gmx.de, yahoo.co.uk,
#: hotmail.fr): the brand, then at most two short labels.
PUBLIC_MAIL_BRANDS = frozenset({"gmx", "yahoo", "hotmail", "outlook", "live", "aol", "yandex"})


def mailbox(address: str) -> str:
    """The mailbox `address` reaches, for comparing: NFKC, lower case, no "+tag".

    >>> mailbox("Ａlex.Moreno+buyer@Northwind.example.com")
    'alex.moreno@northwind.example.com'
    """
    folded = unicodedata.normalize("NFKC", address or "").strip().lower()
    local, at, domain = folded.rpartition("@")
    if not at:
        return folded
    return f"{local.split('+', 1)[0]}@{domain}"


def asked_mailbox(session: Session, query, address: str):
    """The first invitation of `query` (a select of Invitation) whose rater key reaches
    the same mailbox as `address`: "ann+1@x" and "ann+2@x" are one buyer, who counts
    once towards the minimum that keeps buyers anonymous."""
    box = mailbox(address)
    return next(
        (found for found in session.scalars(query) if mailbox(found.rater_key) == box), None
    )


def domain_of(address: str) -> str:
    return mailbox(address).rpartition("@")[2]


def is_public_mail_domain(domain: str) -> bool:
    """Whether `domain` belongs to a public mail provider (gmail.com, gmx.de…)."""
    if domain in PUBLIC_MAIL_DOMAINS:
        return True
    brand, _, ending = domain.partition(".")
    labels = ending.split(".") if ending else []
    return (
        brand in PUBLIC_MAIL_BRANDS
        and 0 < len(labels) <= 2
        and all(0 < len(label) <= 3 for label in labels)
    )


def same_company(domain: str, company: str) -> bool:
    """`domain` is the company's own domain or one of its subdomains."""
    return bool(company) and (domain == company or domain.endswith("." + company))


@dataclass(frozen=True)
class Refusal:
    """Why an address cannot answer as a buyer: `kind` is "self" (the rep's own
    mailbox), "rep" (another rep's), "user" (someone who signs in to Candor here) or
    "company" (the rep's own company domain); `name` says whose, `domain` which."""

    kind: str
    name: str = ""
    domain: str = ""

    def for_manager(self, rep_name: str) -> str:
        """Worded for the manager. The colleague is not named: a manager sees only their
        own teams, and the refusal must not tell them who else works here."""
        if self.kind == "self":
            return f"That reaches {rep_name}'s own mailbox: a rep cannot rate themself as a buyer."
        if self.kind in ("user", "rep"):
            return (
                "That address reaches a colleague here (a rep, a manager or the owner): "
                "a colleague is not a buyer."
            )
        return (
            f"That address is at the rep's own company ({self.domain}); ask someone they sold to."
        )

    def for_rep(self) -> str:
        """Worded for the rep suggesting buyers: never who the colleague is (in the
        language of the rep's survey page)."""
        if self.kind == "self":
            return gettext("That is your own address — name someone you sold to.")
        if self.kind == "company":
            return gettext(
                "That address is at your own company (%(domain)s) — name someone you sold to.",
                domain=self.domain,
            )
        return gettext(
            "That is a colleague's address — name someone you sold to, outside your company."
        )


@dataclass(frozen=True)
class BuyerRule:
    """The addresses that may not answer a buyer survey about one rep."""

    rep_mailbox: str
    colleagues: dict[str, tuple[str, str]]  # mailbox → (kind, name)

    def refusal(self, address: str) -> Refusal | None:
        """Why `address` cannot be asked about the rep, or None when it can."""
        box = mailbox(address)
        if box == self.rep_mailbox:
            return Refusal("self")
        if box in self.colleagues:
            kind, name = self.colleagues[box]
            return Refusal(kind, name)
        domain, company = domain_of(box), domain_of(self.rep_mailbox)
        if same_company(domain, company) and not is_public_mail_domain(company):
            return Refusal("company", domain=company)
        return None


def organization_mailboxes(session: Session, organization_id: int) -> dict[str, tuple[str, str]]:
    """Every mailbox of the organization's people: users first (they sign in), then
    reps, each as (kind, name)."""
    found: dict[str, tuple[str, str]] = {}
    for user in session.scalars(select(User).where(User.organization_id == organization_id)):
        found.setdefault(mailbox(user.email), ("user", user.name))
    for rep in session.scalars(select(Rep).where(Rep.organization_id == organization_id)):
        found.setdefault(mailbox(rep.email), ("rep", rep.name))
    # an invitation held for an address of another organization reads as a colleague's,
    # as the invited manager's own address does (services.held_invitations)
    held = select(HeldInvitation).where(HeldInvitation.organization_id == organization_id)
    for invitation in session.scalars(held):
        found.setdefault(mailbox(invitation.email), ("user", invitation.name))
    return found


def rule_for(rep: Rep, mailboxes: dict[str, tuple[str, str]]) -> BuyerRule:
    """The rule for buyers of `rep`, from `organization_mailboxes` (read once for many
    reps, as a CSV of buyers needs)."""
    return BuyerRule(rep_mailbox=mailbox(rep.email), colleagues=mailboxes)


def buyer_rule(session: Session, rep: Rep) -> BuyerRule:
    """The rule for buyers of `rep`."""
    return rule_for(rep, organization_mailboxes(session, rep.organization_id))
