"""The rule set: one module a category, each with `check(pkg) -> list[Finding]`."""

from hooklab.review.rules import (
    exec_privilege,
    install,
    network_file,
    output_llm,
    secrets,
    supply_chain,
)

CHECKS = {
    "install": install.check,
    "secrets": secrets.check,
    "network_file": network_file.check,
    "exec_privilege": exec_privilege.check,
    "output_llm": output_llm.check,
    "supply_chain": supply_chain.check,
}
