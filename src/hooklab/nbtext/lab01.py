"""The words lab 01's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "unpacked-before": {
        "ko": "preinstall이 시작되기 전에 이미 풀려 있던 패키지:",
        "en": "packages already unpacked before preinstall started:",
    },
    "output-after": {
        "ko": "preinstall 뒤에 실행된 프로그램의 출력:",
        "en": "output of the program that ran after preinstall:",
    },
}
