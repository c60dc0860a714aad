"""The words notebook 07's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "internal": {"ko": "<내부>", "en": "<internal>"},
    "from-internal": {"ko": "{how} (내부)", "en": "{how} (internal)"},
    "no-npmrc": {
        "ko": ".npmrc 없음 (모두 공개 쪽)",
        "en": "no .npmrc (all from the public side)",
    },
    "routed": {"ko": ".npmrc: @acme:registry=<내부>", "en": ".npmrc: @acme:registry=<internal>"},
    "mirror": {"ko": "미러: {how}", "en": "mirror: {how}"},
    "heatmap-title": {"ko": "07 · 사내 레지스트리", "en": "07 · a company registry"},
}
