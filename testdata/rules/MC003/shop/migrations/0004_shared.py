# The migration is written once and shared with the other storefront apps.
from ._shared_0004 import Migration  # noqa: F401
