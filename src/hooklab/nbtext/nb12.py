"""The words notebook 12's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "run-folder": {"ko": "<이번 실행의 폴더>", "en": "<this run's folder>"},
    "settings": {"ko": "설정", "en": "settings"},
    "default-settings": {"ko": "기본 설정 (denyRead 없음)", "en": "default (no denyRead)"},
    "deny-home": {"ko": "denyRead: 진짜 홈", "en": "denyRead: the real home"},
    "read-decoy": {"ko": "미끼를 읽었나", "en": "read the decoy"},
    "temp": {"ko": "<임시>", "en": "<temp>"},
    "tools": {"ko": "도구:", "en": "tools:"},
    "leaked": {
        "ko": "모델에게 간 출력에 들어 있던 가짜 비밀:",
        "en": "fake secrets in the output the model received:",
    },
    "author-install": {
        "ko": "작성자 쪽 설치: exit code {code}, 설치 훅 실행: {hook}",
        "en": "the author's install: exit code {code}, install hook ran: {hook}",
    },
    "bundle": {"ko": "번들: {path}, 약 {mb:.1f} MB", "en": "bundle: {path}, about {mb:.1f} MB"},
    "sha-hex": {
        "ko": "sha256은 64자리 16진수: {ok}",
        "en": "the sha256 is 64 hex digits: {ok}",
    },
    "programs": {"ko": "실행된 프로그램:", "en": "programs that ran:"},
    "hook-ran": {"ko": "설치 훅 실행:", "en": "install hook ran:"},
    "npm-ran": {"ko": "npm이 돌았나:", "en": "did npm run:"},
    "refused": {"ko": "거부:", "en": "refused:"},
    "sha-prefix": {"ko": "<sha256 앞 16자리>", "en": "<first 16 of sha256>"},
    "unpacked": {"ko": "풀린 폴더가 생겼나:", "en": "was a folder unpacked:"},
    "repacked-same": {
        "ko": "다시 묶은 번들의 sha256이 같은가:",
        "en": "does the repacked bundle have the same sha256:",
    },
    "bundle-file": {"ko": "<번들 파일>", "en": "<bundle file>"},
    "cleaned": {"ko": "치웠습니다", "en": "cleaned up"},
}
