"""Hands-on labs: checks that teach, flags a trainer can verify, progress and a trainer board.

Learner copies are made by hooklab.labs.notebook (not imported here: notebooks need not load it).
"""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.labs.board import board_frame, lab_state, progress_frame, read_exports
    from hooklab.labs.catalogue import LabSpec, all_labs, get_lab, labs_dir
    from hooklab.labs.checks import Task, Wrong
    from hooklab.labs.flags import flag_for, verify_flag, workshop_key
    from hooklab.labs.materials import mystery_packages
    from hooklab.labs.panel import board_panel, progress_panel
    from hooklab.labs.progress import export, learner_name, progress_path
    from hooklab.labs.registries import ConfusionLab
    from hooklab.labs.session import LabSession, open_lab
    from hooklab.labs.tasks.lab03_pin_mcp_config import (
        VETTED_VERSIONS,
        audit_mcp_config,
        mcp_lab_config,
    )

lazy_exports(__name__)

__all__ = [
    "VETTED_VERSIONS",
    "ConfusionLab",
    "LabSession",
    "LabSpec",
    "Task",
    "Wrong",
    "all_labs",
    "audit_mcp_config",
    "board_frame",
    "board_panel",
    "export",
    "flag_for",
    "get_lab",
    "lab_state",
    "labs_dir",
    "learner_name",
    "mcp_lab_config",
    "mystery_packages",
    "open_lab",
    "progress_frame",
    "progress_panel",
    "progress_path",
    "read_exports",
    "verify_flag",
    "workshop_key",
]
