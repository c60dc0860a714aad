"""Defences that measurably work: loopback registries, pinning, lockfiles, install-script
switches, a private registry, and the matrix that measures them all live."""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.defences.lab import Lab, fixture_summary, lab_fixtures
    from hooklab.defences.lockfile import hashed_requirements, locked_integrity, npm_lock_project
    from hooklab.defences.matrix import matrix_frame, matrix_table, run_matrix
    from hooklab.defences.nodetools import npm12_argv
    from hooklab.defences.plans import DEFENCES, defence_names, plan, sandbox_available, works
    from hooklab.defences.private import (
        artefacts,
        promote,
        review_level,
        review_summaries,
        vet,
        vet_and_promote,
        vetting_frame,
    )
    from hooklab.defences.publish import publish_npm, publish_python, swap_npm_tarball
    from hooklab.defences.releases import (
        npm_variant,
        publish_fixture,
        pypi_variant,
        release_versions,
        releases,
    )
    from hooklab.defences.scenarios import (
        ACME_NPM,
        ACME_PYPI,
        ACME_SCOPE,
        Try,
        confusion_setup,
        files_and_trace,
        hooks_that_ran,
        mirror_with_upstream,
        outcome,
        outcomes,
        tamper_wheel,
        try_all,
        write_npmrc,
    )
    from hooklab.defences.servers import (
        PythonIndex,
        Verdaccio,
        read_state,
        stop_detached,
    )
    from hooklab.defences.switches import (
        npm_project,
        npm_side_by_side,
        npm_versions,
        project_try,
        venv_try,
    )

    # drawn in show/ (presentation), offered here where the notebooks find the matrix
    from hooklab.show.matrix import heatmap


lazy_exports(__name__)

__all__ = [
    "Try",
    "hooks_that_ran",
    "npm_project",
    "npm_side_by_side",
    "npm_versions",
    "try_all",
    "mirror_with_upstream",
    "artefacts",
    "review_level",
    "review_summaries",
    "project_try",
    "venv_try",
    "ACME_NPM",
    "ACME_PYPI",
    "ACME_SCOPE",
    "confusion_setup",
    "files_and_trace",
    "fixture_summary",
    "npm12_argv",
    "outcome",
    "outcomes",
    "release_versions",
    "tamper_wheel",
    "write_npmrc",
    "DEFENCES",
    "Lab",
    "PythonIndex",
    "Verdaccio",
    "defence_names",
    "hashed_requirements",
    "heatmap",
    "lab_fixtures",
    "locked_integrity",
    "matrix_frame",
    "matrix_table",
    "npm_lock_project",
    "npm_variant",
    "plan",
    "promote",
    "publish_fixture",
    "publish_npm",
    "publish_python",
    "pypi_variant",
    "read_state",
    "releases",
    "run_matrix",
    "sandbox_available",
    "stop_detached",
    "swap_npm_tarball",
    "vet",
    "vet_and_promote",
    "vetting_frame",
    "works",
]
