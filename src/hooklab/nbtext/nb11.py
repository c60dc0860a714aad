"""The words notebook 11's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "collected": {
        "ko": "수집한 날: {day}  (kit 커밋 {commit})",
        "en": "collected on: {day}  (kit commit {commit})",
    },
    "tools": {"ko": "도구:", "en": "tools:"},
    "servers": {
        "ko": "서버 {count}개: npm {npm}, PyPI {pypi}",
        "en": "{count} servers: npm {npm}, PyPI {pypi}",
    },
    "sandbox": {
        "ko": "샌드박스: {sandbox}, 리허설까지 마친 서버: {rehearsed} / {count}",
        "en": "sandbox: {sandbox}, servers rehearsed too: {rehearsed} / {count}",
    },
    "minutes": {
        "ko": "전체 수집 시간: 약 {minutes:.0f}분",
        "en": "whole collection: about {minutes:.0f} minutes",
    },
    "no-hooks": {
        "ko": "훅을 선언한 패키지가 하나도 없습니다.",
        "en": "No package declares an install hook.",
    },
    "no-sdists": {
        "ko": "sdist만 있는 의존성은 없습니다.",
        "en": "No dependency comes as an sdist only.",
    },
    "no-pth": {
        "ko": ".pth 파일을 가진 패키지는 없습니다.",
        "en": "No package has a .pth file.",
    },
    "no-deprecated": {
        "ko": "레지스트리가 폐기 표시한 패키지는 없습니다.",
        "en": "No package is marked deprecated by its registry.",
    },
    "pinned": {
        "ko": "README 실행 줄이 버전을 고정한 서버: {pinned} / {count}",
        "en": "servers whose README launch line pins a version: {pinned} / {count}",
    },
    "all-rehearsed": {
        "ko": "모든 서버를 리허설까지 마쳤습니다.",
        "en": "Every server was rehearsed too.",
    },
}
