"""Rule modules, one per theme (hundreds digit of the id). Importing registers them."""

from scans.lint.rules import supply_chain, users  # noqa: F401
