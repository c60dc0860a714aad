"""The words lab 04's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "internal-npm": {"ko": "사내 npm 레지스트리:", "en": "internal npm registry:"},
    "internal-index": {"ko": "사내 파이썬 인덱스: ", "en": "internal Python index:"},
    "packages": {"ko": "패키지:", "en": "packages:"},
}
