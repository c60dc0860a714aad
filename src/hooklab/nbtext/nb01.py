"""The words notebook 01's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "new-folders": {
        "ko": "두 번째 실행이 캐시에 새로 만든 폴더",
        "en": "folders the second run added to the cache",
    },
    "same-output": {"ko": "출력이 같은가", "en": "same output"},
    "first-run": {"ko": "1. 첫 실행", "en": "1. first run"},
    "same-cache": {"ko": "2. 같은 캐시로 다시", "en": "2. again, same cache"},
    "new-cache": {"ko": "3. 새 캐시로", "en": "3. with a new cache"},
    "output": {"ko": "출력:", "en": "output:"},
    "httpie-folders": {
        "ko": "uv 캐시에 설치된 httpie 폴더",
        "en": "httpie folders installed in the uv cache",
    },
    "same-from-output": {
        "ko": "--from 실행 두 번의 출력이 같은가",
        "en": "both --from runs print the same",
    },
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
