"""The words notebook 02's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "secrets-found": {"ko": "찾아낸 가짜 비밀:", "en": "fake secrets found:"},
}
