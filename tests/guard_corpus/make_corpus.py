"""Write secrets.json and honest.json: the output guard's test corpus.

Every secret here is FAKE: random characters in the shape of a real format (prefix, alphabet,
length, structure), drawn from a fixed seed so the files are the same on every run. None was
ever issued by anyone; GitHub's new tokens even carry a CRC32 that these do not match. Each
entry gives the text a server might send (`text`) and the part that must not reach the model
(`secret`). The honest strings are look-alikes a model editing code could see and write back,
so the guard must leave them exactly as they are.

Run it from the repository root: `.venv/bin/python tests/guard_corpus/make_corpus.py`.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
ALNUM = string.ascii_letters + string.digits
UPPER_NUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"

rng = random.Random(20261201)


def r(n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def jwt() -> str:
    head = b64url({"alg": rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"})
    body = b64url({"sub": r(8, HEX), "iat": rng.randint(1_600_000_000, 1_800_000_000)})
    return f"{head}.{body}.{r(43, URLSAFE)}"


def pem(kind: str, cut: bool = False, escaped: bool = False) -> tuple[str, str]:
    lines = [r(64, B64) for _ in range(rng.randint(4, 8))]
    body = "\n".join(lines)
    label = f"{kind} PRIVATE KEY" if kind != "PGP" else "PGP PRIVATE KEY BLOCK"
    block = f"-----BEGIN {label}-----\n{body}\n"
    if not cut:
        block += f"-----END {label}-----\n"
    if escaped:
        block = block.replace("\n", "\\n")
        return f'{{"type": "service_account", "private_key": "{block}"}}', lines[1]
    return block, lines[1]


# format -> a maker of (text as a server might send it, the part that must not survive)
Maker = Callable[[], tuple[str, str]]


def bare(make: Callable[[], str]) -> Maker:
    def go() -> tuple[str, str]:
        value = make()
        template = rng.choice(
            ["{v}", "found this in the logs: {v}", "key {v} (rotate it)", "[{v}]", "'{v}'"]
        )
        return template.format(v=value), value

    return go


def assigned(names: list[str], make: Callable[[], str]) -> Maker:
    def go() -> tuple[str, str]:
        value, name = make(), rng.choice(names)
        template = rng.choice(
            ["{n}={v}", "{n} = {v}", '"{n}": "{v}"', "{n}: {v}", "export {n}='{v}'"]
        )
        return template.format(n=name, v=value), value

    return go


def url(scheme: str, user: bool = True) -> Maker:
    def go() -> tuple[str, str]:
        password = r(16)
        who = r(6, string.ascii_lowercase) if user else ""
        host = rng.choice(["db.internal", "10.0.3.7", "cache.prod.svc", "mq.local"])
        return f"{scheme}://{who}:{password}@{host}:{rng.randint(1000, 9999)}/app", password

    return go


FORMATS: dict[str, Maker] = {
    "aws-access-key-id": bare(lambda: "AKIA" + r(16, UPPER_NUM)),
    "aws-temporary-key-id": bare(lambda: "ASIA" + r(16, UPPER_NUM)),
    "aws-secret-access-key": assigned(
        ["aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey"], lambda: r(40, B64)
    ),
    "github-classic-pat": bare(lambda: "ghp_" + r(36)),
    "github-oauth": bare(lambda: "gho_" + r(36)),
    "github-user-to-server": bare(lambda: "ghu_" + r(36)),
    "github-server-to-server": bare(lambda: "ghs_" + r(36)),
    "github-refresh": bare(lambda: "ghr_" + r(36)),
    "github-fine-grained-pat": bare(lambda: f"github_pat_{r(22)}_{r(59)}"),
    "gitlab-pat": bare(lambda: "glpat-" + r(20, URLSAFE)),
    "gitlab-deploy-token": bare(lambda: "gldt-" + r(20, URLSAFE)),
    "gitlab-runner-token": bare(lambda: "glrt-" + r(20, URLSAFE)),
    "slack-bot": bare(lambda: f"xoxb-{r(11, string.digits)}-{r(13, string.digits)}-{r(24)}"),
    "slack-user": bare(lambda: f"xoxp-{r(11, string.digits)}-{r(12, string.digits)}-{r(32, HEX)}"),
    "slack-app": bare(lambda: f"xapp-1-A{r(10, UPPER_NUM)}-{r(13, string.digits)}-{r(64, HEX)}"),
    "slack-webhook": bare(
        lambda: f"https://hooks.slack.com/services/T{r(8, UPPER_NUM)}/B{r(8, UPPER_NUM)}/{r(24)}"
    ),
    "stripe-live-secret": bare(lambda: "sk_live_" + r(99)),
    "stripe-test-secret": bare(lambda: "sk_test_" + r(99)),
    "stripe-restricted": bare(lambda: "rk_live_" + r(99)),
    "stripe-webhook-secret": bare(lambda: "whsec_" + r(32)),
    "google-api-key": bare(lambda: "AIza" + r(35, URLSAFE)),
    "google-oauth-client-secret": bare(lambda: "GOCSPX-" + r(28, URLSAFE)),
    "google-oauth-access-token": bare(lambda: "ya29." + r(150, URLSAFE)),
    "openai-project-key": bare(lambda: "sk-proj-" + r(156, URLSAFE)),
    "openai-service-account-key": bare(lambda: "sk-svcacct-" + r(120, URLSAFE)),
    "openai-legacy-key": bare(lambda: f"sk-{r(20)}T3BlbkFJ{r(20)}"),
    "anthropic-api-key": bare(lambda: f"sk-ant-api03-{r(93, URLSAFE)}AA"),
    "anthropic-admin-key": bare(lambda: f"sk-ant-admin01-{r(93, URLSAFE)}AA"),
    "deepseek-style-key": bare(lambda: "sk-" + r(32, HEX)),
    "npm-token": bare(lambda: "npm_" + r(36)),
    "pypi-token": bare(lambda: "pypi-AgEIcHlwaS5vcmc" + r(120, URLSAFE)),
    "huggingface-token": bare(lambda: "hf_" + r(34)),
    "huggingface-org-token": bare(lambda: "api_org_" + r(34)),
    "sendgrid-key": bare(lambda: f"SG.{r(22, URLSAFE)}.{r(43, URLSAFE)}"),
    "twilio-api-key": bare(lambda: "SK" + r(32, HEX)),
    "discord-bot-token": bare(
        lambda: f"{rng.choice('MNO')}{r(25, URLSAFE)}.{r(6, URLSAFE)}.{r(38, URLSAFE)}"
    ),
    "discord-webhook": bare(
        lambda: f"https://discord.com/api/webhooks/{r(19, string.digits)}/{r(68, URLSAFE)}"
    ),
    "telegram-bot-token": bare(lambda: f"{r(10, string.digits)}:AA{r(33, URLSAFE)}"),
    "azure-storage-connection-string": lambda: (
        lambda key: (
            f"DefaultEndpointsProtocol=https;AccountName={r(10, string.ascii_lowercase)};"
            f"AccountKey={key};EndpointSuffix=core.windows.net",
            key,
        )
    )(r(86, B64) + "=="),
    "azure-sas-url": lambda: (
        lambda sig: (
            f"https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2026-01-01&sp=r&sig={sig}",
            sig,
        )
    )(r(43, ALNUM) + "%3D"),
    "azure-client-secret": bare(lambda: f"{r(3)}{rng.randint(0, 9)}Q~{r(34, ALNUM + '_~.-')}"),
    "mailgun-key": bare(lambda: "key-" + r(32, HEX)),
    "mailchimp-key": bare(lambda: f"{r(32, HEX)}-us{rng.randint(1, 21)}"),
    "square-access-token": bare(lambda: "sq0atp-" + r(22, URLSAFE)),
    "square-oauth-secret": bare(lambda: "sq0csp-" + r(43, URLSAFE)),
    "shopify-access-token": bare(lambda: "shpat_" + r(32, HEX)),
    "shopify-shared-secret": bare(lambda: "shpss_" + r(32, HEX)),
    "digitalocean-pat": bare(lambda: "dop_v1_" + r(64, HEX)),
    "heroku-api-key": bare(lambda: "HRKU-AA" + r(58, URLSAFE)),
    "atlassian-api-token": bare(lambda: "ATATT3xFfGF0" + r(170, URLSAFE) + "=" + r(8, HEX)),
    "databricks-token": bare(lambda: "dapi" + r(32, HEX)),
    "doppler-token": bare(lambda: "dp.pt." + r(43)),
    "postman-key": bare(lambda: f"PMAK-{r(24, HEX)}-{r(34, HEX)}"),
    "linear-key": bare(lambda: "lin_api_" + r(40)),
    "notion-token": bare(lambda: "ntn_" + r(46)),
    "vault-token": bare(lambda: "hvs." + r(90, URLSAFE)),
    "terraform-cloud-token": bare(lambda: f"{r(14)}.atlasv1.{r(67, URLSAFE)}"),
    "grafana-service-account": bare(lambda: f"glsa_{r(32)}_{r(8, HEX)}"),
    "grafana-cloud-token": bare(lambda: "glc_" + r(120, B64) + "=="),
    "newrelic-user-key": bare(lambda: "NRAK-" + r(27, UPPER_NUM)),
    "sentry-org-token": bare(lambda: "sntrys_" + r(150, B64 + "_")),
    "dropbox-token": bare(lambda: "sl." + r(140, URLSAFE)),
    "pulumi-token": bare(lambda: "pul-" + r(40, HEX)),
    "flyio-token": bare(lambda: "fo1_" + r(43, URLSAFE)),
    "cloudflare-origin-ca-key": bare(lambda: f"v1.0-{r(24, HEX)}-{r(146, HEX)}"),
    "alibaba-access-key-id": bare(lambda: "LTAI" + r(20)),
    "supabase-token": bare(lambda: "sbp_" + r(40, HEX)),
    "age-secret-key": bare(lambda: "AGE-SECRET-KEY-1" + r(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
    "firebase-server-key": bare(lambda: f"AAAA{r(7, URLSAFE)}:APA91b{r(134, URLSAFE)}"),
    "buildkite-token": bare(lambda: "bkua_" + r(40, HEX)),
    "replicate-token": bare(lambda: "r8_" + r(37)),
    "groq-key": bare(lambda: "gsk_" + r(52)),
    "perplexity-key": bare(lambda: "pplx-" + r(48)),
    "xai-key": bare(lambda: "xai-" + r(80)),
    "langsmith-key": bare(lambda: f"lsv2_pt_{r(32, HEX)}_{r(10, HEX)}"),
    "docker-hub-pat": bare(lambda: "dckr_pat_" + r(27, URLSAFE)),
    "artifactory-api-key": bare(lambda: "AKCp" + r(69)),
    "airtable-pat": bare(lambda: f"pat{r(14)}.{r(64, HEX)}"),
    "figma-token": bare(lambda: "figd_" + r(40, URLSAFE)),
    "netlify-token": bare(lambda: "nfp_" + r(36)),
    "rubygems-key": bare(lambda: "rubygems_" + r(48, HEX)),
    "nuget-key": bare(lambda: "oy2" + r(43, string.ascii_lowercase + string.digits)),
    "mapbox-secret-token": bare(lambda: f"sk.eyJ1Ijoi{r(40, URLSAFE)}.{r(22, URLSAFE)}"),
    "jwt": bare(jwt),
    "bearer-header": lambda: (lambda t: (f"Authorization: Bearer {t}", t))(r(40, URLSAFE)),
    "basic-auth-header": lambda: (lambda t: (f"Authorization: Basic {t}", t))(
        base64.b64encode(f"{r(6)}:{r(14)}".encode()).decode()
    ),
    "postgres-url": url("postgres"),
    "mysql-url": url("mysql"),
    "mongodb-srv-url": url("mongodb+srv"),
    "redis-url-no-user": url("redis", user=False),
    "amqp-url": url("amqp"),
    "https-basic-auth-url": url("https"),
    "rsa-private-key": lambda: pem("RSA"),
    "ec-private-key-truncated": lambda: pem("EC", cut=True),
    "openssh-private-key-truncated": lambda: pem("OPENSSH", cut=True),
    "pgp-private-key-block": lambda: pem("PGP"),
    "encrypted-private-key": lambda: pem("ENCRYPTED"),
    "gcp-service-account-json": lambda: pem("", escaped=True),
    "db-password-variable": assigned(
        ["DB_PASSWORD", "POSTGRES_PASSWORD", "dbPassword", "MYSQL_ROOT_PASSWORD"],
        lambda: r(18),
    ),
    "api-key-variable": assigned(["api_key", "API_KEY", "apiKey", "X_API_KEY"], lambda: r(32)),
    "client-secret-variable": assigned(
        ["client_secret", "CLIENT_SECRET", "clientSecret"], lambda: r(40, URLSAFE)
    ),
    "npmrc-auth-token": lambda: (lambda t: (f"//registry.example.com/:_authToken={t}", t))(
        f"{r(8, HEX)}-{r(4, HEX)}-{r(4, HEX)}-{r(4, HEX)}-{r(12, HEX)}"
    ),
    "docker-config-auth": lambda: (
        lambda t: (f'{{"auths": {{"registry.example.com": {{"auth": "{t}"}}}}}}', t)
    )(base64.b64encode(f"{r(6)}:{r(18)}".encode()).decode()),
    "password-in-query": lambda: (
        lambda t: (f"https://api.example.com/v1/login?user=demo&password={t}&next=/", t)
    )(r(16)),
    "django-secret-key": assigned(["SECRET_KEY", "DJANGO_SECRET_KEY"], lambda: r(50, B64)),
    "jwt-signing-secret": assigned(["JWT_SECRET", "jwtSecret", "SIGNING_KEY"], lambda: r(48, HEX)),
    "uuid-api-key-variable": assigned(
        ["HEROKU_API_KEY", "DATADOG_API_KEY", "auth_token"],
        lambda: f"{r(8, HEX)}-{r(4, HEX)}-{r(4, HEX)}-{r(4, HEX)}-{r(12, HEX)}",
    ),
    "cloudflare-api-token-variable": assigned(
        ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"], lambda: r(40, URLSAFE)
    ),
}

HONEST = [
    "const secret = process.env.APP_SECRET;",
    '"tokenizer_class": "PreTrainedTokenizerFast"',
    'password = getpass.getpass("Password: ")',
    "token: ${{ secrets.NPM_TOKEN }}",
    'token = os.environ["HF_TOKEN"]',
    '"max_tokens": 4096',
    "api_key = settings.OPENAI_API_KEY",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    '"integrity": "sha512-Xq3vUZTRl8p5fIL2KI2l9Yz8y8eR1c1e0T1vD6mBfH4O0p6Xy9pZsUj0OZ5GfFQ=="',
    "commit 9fceb02d0ae598e95dc970b74767f19372d61af8",
    "request-id: 123e4567-e89b-12d3-a456-426614174000",
    "see https://example.com:8443/api/v1/docs for the endpoints",
    "git@github.com:owner/repo.git",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dev@laptop",
    "-----BEGIN CERTIFICATE-----",
    "-----BEGIN PUBLIC KEY-----",
    "postgres://localhost:5432/app",
    "redis://cache:6379/0",
    "Bearer authentication is described in RFC 6750.",
    "Authorization: Bearer <token>",
    'password_reset_url = "/accounts/password/reset/"',
    "secret_santa_2024 = True",
    "TOKEN_EXPIRY_SECONDS=3600",
    "session_token_ttl: 86400",
    '"auth": {"type": "oauth2"}',
    'author = "Jane Doe"',
    "Passwordless login sends a one-time link by email.",
    "tokens_per_second=128.5",
    "SECRET_KEY_FALLBACKS = []",
    'api_key_header = APIKeyHeader(name="X-API-Key")',
    "sk-learn is a common typo for scikit-learn",
    "skip_auth = false",
    'version = "1.4.2-beta.3"',
    "python-3.11.7-amd64.exe",
    "The ghp_ prefix marks a classic GitHub token.",
    "sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709",
    '"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"',
    '"tokenizer": {"type": "BPE", "dropout": null}',
    "export PATH=$HOME/.local/bin:$PATH",
    "NODE_OPTIONS=--max-old-space-size=4096",
    "npm_config_cache=/tmp/npm-cache",
    'const passwordInput = document.querySelector("#password");',
    'if (token === undefined) throw new Error("no token");',
    "access_key_id: !Ref AccessKey",
    "db_password_file: /run/secrets/db_password",
    '"client_secret": "<CLIENT_SECRET>"',
    "API_KEY=your-api-key-here",
    "TOKEN=changeme",
    "Token count: 1536",
    "Error: invalid_grant (refresh token expired)",
    "2026-01-15T10:23:45.123Z INFO token refreshed for user 42",
    "const SECRET_LENGTH = 32;",
    "pk_live_51HqLyjWDarjtT1zdp7dcXw is a publishable key",
    "serviceAccountName: default",
    '"secretName": "tls-cert"',
    "secretRef: db-creds-v2",
    "AIza is how a Google API key begins",
    "Use `hf_hub_download` to fetch model files.",
    "the function check_password(candidate, stored_hash) returns a bool",
    "def get_token(self) -> str:",
    "return self._token",
    "password: ${DB_PASSWORD}",
    "GITHUB_TOKEN: ${{ github.token }}",
    "client_secret=config.client_secret",
    "private_key_path = Path('~/.ssh/id_ed25519').expanduser()",
    "auth_header = f'Bearer {token}'",
    "Main.Module.initialize_everything_for_the_application()",
    "at 12:30:45 the bot answered",
    "key-value stores such as Redis keep data in memory",
    "region us-east-1 and us-west-2",
    "https://user@example.com/path (no password in this URL)",
    "mailto:security@example.com",
    "The AccountName=demo;EndpointSuffix=core.windows.net part is not secret",
    "eyJhbGciOiJIUzI1NiJ9 is only a JWT header",
    "token_type: bearer",
    '"token_type": "Bearer", "expires_in": 3600',
    "password_min_length = 12",
    "SECRET_KEY = env('DJANGO_SECRET_KEY')",
    "aws_access_key_id = os.getenv('AWS_ACCESS_KEY_ID')",
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
]


def main() -> None:
    secrets = []
    for name, make in FORMATS.items():
        for _ in range(2):
            text, secret = make()
            secrets.append({"format": name, "text": text, "secret": secret})
    (HERE / "secrets.json").write_text(json.dumps(secrets, indent=1) + "\n")
    (HERE / "honest.json").write_text(json.dumps(HONEST, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(secrets)} fake secrets in {len(FORMATS)} formats, {len(HONEST)} honest strings")


if __name__ == "__main__":
    main()
