"""The words notebook 03's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "counts": {
        "ko": "마커: {markers} 개 | 카나리 요청: {hits} 개",
        "en": "markers: {markers} | canary requests: {hits}",
    },
    "markers": {"ko": "마커:", "en": "markers:"},
    "sent": {"ko": "보낸 가짜 비밀:", "en": "fake secrets sent:"},
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
