"""The words notebook 04's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "installed": {
        "ko": "--- 설치가 끝났습니다. 설치가 만든 실행 파일 v/bin/hooklab-cmdclass-hello:",
        "en": "--- the install is done. The command it made, v/bin/hooklab-cmdclass-hello:",
    },
    "now-run": {"ko": "--- 이제 그 명령을 실행합니다:", "en": "--- now that command runs:"},
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
