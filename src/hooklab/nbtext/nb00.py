"""The words notebook 00's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "real-home": {"ko": "<진짜 홈>", "en": "<real home>"},
}
