"""Sign in, sign out, password reset and welcome links."""

from assess.web.auth.routes import blueprint

__all__ = ["blueprint"]
