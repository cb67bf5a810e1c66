"""Sign in, sign out, password reset and welcome links, and single sign-on."""

from assess.web.auth import sso  # noqa: F401 (registers its routes on the blueprint)
from assess.web.auth.routes import blueprint

__all__ = ["blueprint"]
