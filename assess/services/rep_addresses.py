"""A rep's address changed by a manager: the old address is told.

A rep's survey link is where the rep vouches for the buyers a manager adds
(`buyer_confirmation`), and it goes to the rep's address. A manager can edit that
address; links already sent stay with the address they went to (an invitation keeps
its `rater_email`), and the rep is told at the old address, so an address changed to
catch the rep's mail does not go unnoticed. Operations flush only; the caller commits.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.core.i18n import gettext as _
from assess.core.i18n import speaking_locale
from assess.models import OutboxMessage, Rep
from assess.platform.settings import ServiceSettings
from assess.services.invitation_wording import reading_language
from assess.services.outbox import compose


def tell_old_address(
    session: Session, settings: ServiceSettings, rep: Rep, new_address: str
) -> OutboxMessage:
    """Email `rep`'s current address that Candor will write to `new_address` from now."""
    organization = rep.team.organization
    with speaking_locale(settings.catalogs, reading_language(settings, rep)):  # the rep's
        return compose(
            session,
            settings,
            "rep_address_changed",
            to=rep.email,
            subject=_(
                "%(org)s: Candor will write to another address for you", org=organization.name
            ),
            organization_id=rep.organization_id,
            team_id=rep.team_id,
            rep=rep,
            new_address=new_address,
            organization=organization,
        )
