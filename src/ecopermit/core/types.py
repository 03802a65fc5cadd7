"""The names of the types every app passes around (issue 12: ``actor`` and ``scope`` were ``Any`` 150 times).

- ``Actor``: who does something, as services receive it: the signed-in user, or None for the platform itself (a
  scheduled task, a migration, the demo loader). ``AnonymousUser`` for a public form.
- ``Scope`` lives in ``ecopermit.accounts.scope`` (what a user may see); core, below accounts, never needs it.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

type Actor = AbstractBaseUser | AnonymousUser | None
