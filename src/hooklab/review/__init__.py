"""The six-category review: read a package's source (never run it), rate its risks, and give a
verdict from threat indicators.

`review(path)` is the offline rule-based reviewer (its rules: `RULES`); `llm_review(path, backend)`
asks a model the same six questions and parses its answer into the same `Report`; `replay()` reads
a recorded answer back through the same parser.
"""

from typing import TYPE_CHECKING

from hooklab.lazy import lazy_exports

if TYPE_CHECKING:  # imported on first use: see hooklab.lazy
    from hooklab.review.archive import ArchiveError, Tree, read_tree
    from hooklab.review.casestudy import CHAPTER_VERDICTS, case_study_archive, compare_with_chapter
    from hooklab.review.engine import review
    from hooklab.review.guarddog import GuardDogResult, guarddog_path, guarddog_scan
    from hooklab.review.llm import (
        Recording,
        available_backend,
        build_prompt,
        find_recording,
        llm_review,
        pack_files,
        parse_answer,
        prompt_file,
        replay,
        three_verdicts,
    )
    from hooklab.review.report import (
        CATEGORIES,
        LEVELS,
        Category,
        Finding,
        Report,
        at_least,
        side_by_side,
    )
    from hooklab.review.rules.catalogue import RULES, Rule

lazy_exports(__name__)

__all__ = [
    "CATEGORIES",
    "CHAPTER_VERDICTS",
    "LEVELS",
    "RULES",
    "ArchiveError",
    "Category",
    "Finding",
    "GuardDogResult",
    "Report",
    "Recording",
    "Rule",
    "Tree",
    "at_least",
    "available_backend",
    "build_prompt",
    "case_study_archive",
    "compare_with_chapter",
    "find_recording",
    "guarddog_path",
    "guarddog_scan",
    "llm_review",
    "pack_files",
    "parse_answer",
    "prompt_file",
    "read_tree",
    "replay",
    "review",
    "side_by_side",
    "three_verdicts",
]
