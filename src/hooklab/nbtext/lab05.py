"""The words lab 05's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "rehearsal": {"ko": "샌드박스 리허설", "en": "sandbox rehearsal"},
}
