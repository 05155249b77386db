"""Developer machine and `make run`: debug on, a fixed development key, mail to the console."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY as _ENV_SECRET_KEY

DEBUG = True
SECRET_KEY = _ENV_SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's accounts sign in with a password alone unless TWO_FACTOR_REQUIRED=1 is set (README "Security").
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "0") == "1"
# `make run` seeds demo accounts (production refuses them: base settings).
DEMO_ACCOUNTS_ALLOWED = True
