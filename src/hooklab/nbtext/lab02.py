"""The words lab 02's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "hook-ran": {"ko": "훅 실행:", "en": "hook ran:"},
    "secrets-sent": {"ko": "| 보낸 가짜 비밀:", "en": "| fake secrets sent:"},
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
