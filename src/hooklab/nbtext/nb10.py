"""The words notebook 10's code cells print, in both languages."""

from hooklab.lang import Catalogue

TEXT: Catalogue = {
    "bomb-size": {
        "ko": "bomb.tgz: 압축된 크기 {packed} KB, 풀면 {unpacked} MB",
        "en": "bomb.tgz: {packed} KB compressed, {unpacked} MB unpacked",
    },
    "prompt-saved": {
        "ko": "붙여 넣을 글: {path} ({chars:,}자)",
        "en": "text to paste: {path} ({chars:,} characters)",
    },
    "prompt-files": {
        "ko": "보낸 파일: {included} 개 / 길이 때문에 뺀 파일: {omitted} 개",
        "en": "files sent: {included} / files left out for length: {omitted}",
    },
    "prompt-first": {"ko": "앞쪽 여섯: {files}", "en": "first six: {files}"},
    "backend": {
        "ko": "지금 이 컴퓨터의 LLM 백엔드: {backend}",
        "en": "LLM backend on this computer right now: {backend}",
    },
    "none": {"ko": "없음", "en": "none"},
    "live": {
        "ko": "방금 모델에게 물은 답입니다: {note}",
        "en": "the model's answer just now: {note}",
    },
    "replayed": {
        "ko": "기록된 답을 다시 읽었습니다: {label}",
        "en": "a recorded answer, read again: {label}",
    },
    "no-recording": {
        "ko": "기록된 모델 답이 없습니다. "
        "지금 이 컴퓨터에서 닿는 모델도 없고, 이 노트북의 저장된 출력을\n"
        "만든 컴퓨터에서도 없었습니다(API 키도, claude CLI도, 로컬 모델 서버도 없었습니다).\n"
        "모델이 있는 컴퓨터에서 직접 만들려면, 터미널에서 (체크아웃 폴더에서):\n"
        "  hooklab review --llm claude tools/casestudy/mcp-server-kubernetes-2.9.6.tgz\n"
        "      -> 답이 .hooklab/llm/recordings/ 에 기록되고, "
        "이 노트북을 다시 돌리면 아래 표에 나옵니다\n"
        "  claude -p < .hooklab/llm/{prompt}\n"
        "      -> 같은 질문을 그대로 붙여 넣는 방법입니다 (JSON 답을 직접 읽습니다)",
        "en": "No recorded model answer. "
        "No model is reachable from this computer now, and none was\n"
        "on the computer that made this notebook's saved outputs "
        "(no API key, no claude CLI, no\n"
        "local model server).\n"
        "To make one on a computer with a model, in a terminal (in the checkout folder):\n"
        "  hooklab review --llm claude --lang en "
        "tools/casestudy/mcp-server-kubernetes-2.9.6.tgz\n"
        "      -> the answer is recorded in .hooklab/llm/recordings/; run this notebook again "
        "and it shows in the table below\n"
        "  claude -p < .hooklab/llm/{prompt}\n"
        "      -> the same question, pasted as it is (you read the JSON answer yourself)",
    },
    "exit-code": {"ko": "종료 코드:", "en": "exit code:"},
}
