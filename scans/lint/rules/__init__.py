"""Rule modules, one per theme (hundreds digit of the id). Importing registers them."""

from scans.lint.rules import (  # noqa: F401
    files,
    integrity,
    packages_apt,
    packages_other,
    ports,
    privileges,
    runtime,
    secrets,
    supply_chain,
    users,
)
