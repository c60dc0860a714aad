"""The words notebook 06's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "strict-no-allow": {
        "ko": "npm 11 --strict-allow-scripts, allowScripts 없음",
        "en": "npm 11 --strict-allow-scripts, no allowScripts",
    },
    "strict-allow-build": {
        "ko": "npm 11 --strict-allow-scripts, allowScripts: needs-build만",
        "en": "npm 11 --strict-allow-scripts, allowScripts: needs-build",
    },
    "npm12-default": {"ko": "npm 12 기본값", "en": "npm 12 default"},
    "npm12-allow-build": {
        "ko": "npm 12, allowScripts: needs-build만",
        "en": "npm 12, allowScripts: needs-build",
    },
    "no-build-pth": {
        "ko": "uvx --no-build (.pth가 든 휠)",
        "en": "uvx --no-build (wheel with a .pth)",
    },
    "only-binary-path": {
        "ko": "pip install --only-binary :all: ./로컬.tar.gz",
        "en": "pip install --only-binary :all: ./local.tar.gz",
    },
    "only-binary-url": {
        "ko": "pip install --only-binary :all: http://.../로컬 인덱스 URL",
        "en": "pip install --only-binary :all: http://.../local index URL",
    },
    "heatmap-title": {
        "ko": "06 · 설치 스크립트를 끄는 스위치",
        "en": "06 · switches that turn install scripts off",
    },
    "heatmap-2026": {"ko": "06 · 2025–26년의 공격", "en": "06 · the attacks of 2025–26"},
    "none": {"ko": "없음", "en": "none"},
}
