"""The words notebook 08's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "heatmap-title": {
        "ko": "escape-postinstall: 행동 × 샌드박스",
        "en": "escape-postinstall: behaviour × sandbox",
    },
    "startup-order": {"ko": "시작 비용, 작은 것부터:", "en": "start-up cost, smallest first:"},
    "rehearsal-order": {
        "ko": "리허설 시간, 짧은 것부터:",
        "en": "rehearsal time, shortest first:",
    },
    "traced-after-npx": {
        "ko": "npx가 끝난 뒤에도 추적이 이어진 시간:",
        "en": "still traced after npx ended:",
    },
}
