"""The words lab 03's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "npm-answer": {
        "ko": "npm의 답, 기록한 날 {when}",
        "en": "npm's answer, recorded on {when}",
    },
}
