"""Languages: which ones Candor speaks, the message catalogues, and locale formatting.

Pure (Babel only, no web framework): the survey pages, the emails a job sends and the
PDF reports a worker renders all translate through the same catalogues, so a text reads
the same wherever it is shown. See docs/languages.md.
"""

from assess.core.i18n.catalogs import (
    ENGLISH,
    N_,
    CatalogNotCompiled,
    Catalogs,
    begin_speaking,
    current_locale,
    gettext,
    install,
    ngettext,
    speaking,
    speaking_locale,
)
from assess.core.i18n.formatting import format_date, format_decimal, format_percent
from assess.core.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    best_language,
    language_name,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENGLISH",
    "LANGUAGE_NAMES",
    "N_",
    "CatalogNotCompiled",
    "Catalogs",
    "begin_speaking",
    "current_locale",
    "install",
    "best_language",
    "format_date",
    "format_decimal",
    "format_percent",
    "gettext",
    "language_name",
    "ngettext",
    "speaking",
    "speaking_locale",
]
