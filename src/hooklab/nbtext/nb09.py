"""The words notebook 09's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "leaked": {
        "ko": "모델 컨텍스트에 들어간 가짜 비밀:",
        "en": "fake secrets that reached the model's context:",
    },
    "guard": {"ko": "가드 --secret-env", "en": "guard --secret-env"},
    "none": {"ko": "(없음)", "en": "(none)"},
    "decoded": {"ko": "BACKUP_KEY_B64를 풀면:", "en": "BACKUP_KEY_B64 decoded:"},
    "tool-result": {"ko": "도구 결과:", "en": "tool result:"},
    "stray-lines": {"ko": "stdout에 섞인 줄:", "en": "stray lines on stdout:"},
    "tool-prints": {
        "ko": "stderr에 있는 도구 안의 print(): {count} 줄 → {first} …",
        "en": "print() inside the tool, found on stderr: {count} line(s) → {first} …",
    },
    "recorded": {
        "ko": "npm 레지스트리의 답 (기록한 날: {when})",
        "en": "the npm registry's answer (recorded on {when})",
    },
}
