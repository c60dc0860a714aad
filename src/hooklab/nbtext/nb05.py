"""The words notebook 05's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "install-no-lock": {
        "ko": "npm install (lockfile 없음, ^1.0.0)",
        "en": "npm install (no lockfile, ^1.0.0)",
    },
    "swap-no-lock": {
        "ko": "npm install hooklab-takeover-mcp@1.0.0 (lockfile 없음)",
        "en": "npm install hooklab-takeover-mcp@1.0.0 (no lockfile)",
    },
    "swap-lock": {
        "ko": "npm ci (바꿔치기 전에 만든 lockfile)",
        "en": "npm ci (lockfile made before the swap)",
    },
    "hashes": {"ko": "+ sha256 해시", "en": "+ sha256 hashes"},
    "wheel-changed": {"ko": "같은 명령, 휠이 바뀐 뒤", "en": "same command, wheel changed"},
    "before-between": {
        "ko": "npx --before=(1.0.0과 1.0.1 사이)",
        "en": "npx --before=(between 1.0.0 and 1.0.1)",
    },
    "min-age-day": {
        "ko": "npx --min-release-age=1 (하루)",
        "en": "npx --min-release-age=1 (one day)",
    },
    "heatmap-title": {
        "ko": "05 · 고정 없음 / 버전 고정 / 잠금 파일",
        "en": "05 · no pin / version pin / lockfile",
    },
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
