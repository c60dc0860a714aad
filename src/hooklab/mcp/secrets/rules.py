"""The secret rules, as data: each has an id (the mask's label), a doc line, a pattern, a
well-formed fake example it must find and an honest look-alike it must leave alone.

Patterns start with a literal where the format allows (the regex engine then jumps between
occurrences); the others name `hints`, literals every match holds, and are searched only near
them (a hinted match must stay within `scan.HINT_REACH` characters of its hint). Every repeat
is bounded, and a left word boundary is checked after the match (`bounded`), so one pass over a
megabyte costs milliseconds. A rule with `words` is anchored on a name instead (`API_KEY=…`,
`Bearer …`): the words are found with `str.find`, case-insensitively, and `pattern` must match
right after one. The part masked is the group named `secret` when the pattern has one, else the
whole match. `check` names a test a match must also pass (`scan.py`): a JWT's header decodes to
JSON with "alg"; a value looks random (entropy, not code, not a path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Check = Literal["", "jwt", "entropy"]


@dataclass(frozen=True)
class Rule:
    """One kind of secret-shaped text."""

    id: str
    doc: str
    pattern: str | tuple[str, ...]  # alternatives are searched one by one (each keeps its literal)
    example: str
    benign: str
    check: Check = ""
    bounded: bool = True  # the match must not follow a letter or digit
    hints: tuple[str, ...] = ()  # lowercase literals every match holds: search only near them
    words: tuple[str, ...] = ()  # lowercase names; `pattern` is then what follows one of them


_B64 = "A-Za-z0-9+/"
_URLSAFE = r"A-Za-z0-9_\-"

RULES: tuple[Rule, ...] = (
    Rule(
        "aws-key-id",
        "AWS access key id (long-lived AKIA, temporary ASIA, and the other IAM prefixes)",
        r"(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z0-9]{16}(?![A-Z0-9])",
        "AKIAZ7Q3NW5KD2LXRP4M",
        "AKIAS is how the docs begin an example",
    ),
    Rule(
        "github-token",
        "GitHub token: classic PAT, OAuth, user-to-server, server-to-server, refresh",
        r"gh[pousr]_[A-Za-z0-9]{36,251}",
        "ghp_x8KfP2mQz7LwN4bR9tYc3VhJ6sDg1AeU5oZi",
        "the ghp_ prefix marks a classic token",
    ),
    Rule(
        "github-token",
        "GitHub fine-grained personal access token",
        r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
        "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6cD7eF8gH9i",
        "github_pat_ is the fine-grained prefix",
    ),
    Rule(
        "gitlab-token",
        "GitLab token: personal, project, group, deploy, runner, trigger, OAuth, feed, CI job",
        r"gl(?:pat|dt|rt|ptt|oas|ft|cbt|imt|agent|soat)-[A-Za-z0-9_\-]{20,64}",
        "glpat-Zx8vQ2mN4kR7tY1wB5cD",
        "glpat- starts a GitLab personal access token",
    ),
    Rule(
        "slack-token",
        "Slack bot, user, app-level, refresh and configuration tokens",
        r"xox[abposre]-(?:\d+-)?[A-Za-z0-9-]{10,250}",
        "xoxb-2048573910-4096817263541-QfZr8LmV2pXk9TyWc3Hn6bJd",
        "xoxb- is a bot token's prefix",
    ),
    Rule(
        "slack-token",
        "Slack app-level token",
        r"xapp-\d-[A-Z0-9]{9,12}-\d{10,16}-[a-f0-9]{64}",
        "xapp-1-A04BC5DE6FG-4567890123456-" + "9f" * 32,
        "xapp- is an app-level token",
    ),
    Rule(
        "slack-webhook",
        "Slack incoming webhook URL",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_]{20,120}",
        "https://hooks.slack.com/services/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",
        "post to hooks.slack.com to notify a channel",
        bounded=False,
    ),
    Rule(
        "stripe-key",
        "Stripe secret, restricted and webhook-signing keys (live and test)",
        (
            r"sk_(?:live|test)_[A-Za-z0-9]{20,247}",
            r"rk_(?:live|test)_[A-Za-z0-9]{20,247}",
            r"whsec_[A-Za-z0-9]{32,64}",
        ),
        "sk_live_51Hq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6",
        "pk_live_ keys are publishable; sk_live_ are not",
    ),
    Rule(
        "google-api-key",
        "Google API key",
        r"AIza[A-Za-z0-9_\-]{35}",
        "AIzaSyD8kQ2mN4vR7tY1wB5cX9zL3pJ6hF0gT2e",
        "AIza begins a Google API key",
    ),
    Rule(
        "google-oauth",
        "Google OAuth client secret or access token",
        (r"GOCSPX-[A-Za-z0-9_\-]{28}", r"ya29\.[A-Za-z0-9_\-]{30,2048}"),
        "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",
        "ya29 is a prefix, GOCSPX too",
    ),
    Rule(
        "anthropic-key",
        "Anthropic API or admin key",
        r"sk-ant-(?:api|admin|sid|oat)\d{2}-[A-Za-z0-9_\-]{40,120}",
        "sk-ant-api03-" + "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa-AA",
        "keys start sk-ant-",
    ),
    Rule(
        "openai-key",
        "OpenAI project, service-account, admin or legacy key",
        (
            r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,200}",
            r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
        ),
        "sk-proj-Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6",
        "sk-proj- is an OpenAI project key",
    ),
    Rule(
        "api-key",
        "any other sk- key (OpenAI-style, DeepSeek, and many more)",
        r"sk-[A-Za-z0-9_\-]{20,200}",
        "sk-9f2c4e7a1b3d5f60718293a4b5c6d7e8",
        "sk-learn is a library, not a key",
    ),
    Rule(
        "npm-token",
        "npm access token",
        r"npm_[A-Za-z0-9]{36,64}(?![A-Za-z0-9])",
        "npm_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cN",
        "npm_config_cache is a setting",
    ),
    Rule(
        "pypi-token",
        "PyPI or TestPyPI upload token (a macaroon)",
        r"pypi-AgE[A-Za-z0-9_\-]{50,1000}",
        "pypi-AgEIcHlwaS5vcmcCJDk0ZjJhMGUxLTI4YjYtNGY3Yy1hNmM1LTk3NjVhNDcyMGVhMwACKlszLCJ",
        "pypi-AgE starts an upload token",
    ),
    Rule(
        "huggingface-token",
        "Hugging Face user or organisation token",
        (r"hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9])", r"api_org_[A-Za-z0-9]{34}"),
        "hf_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmVa",
        "hf_hub_download fetches a file",
    ),
    Rule(
        "sendgrid-key",
        "SendGrid API key",
        r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
        "SG.Zx8vQ2mN4kR7tY1wB5cDq8.ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0PaZx8vQ2mN4kR7t",
        "SG.example is a placeholder",
    ),
    Rule(
        "twilio-key",
        "Twilio API key SID or account SID",
        (r"SK[0-9a-f]{32}(?![0-9a-f])", r"AC[0-9a-f]{32}(?![0-9a-f])"),
        "SK" + "3fa85f6457174562b3fc2c963f66afa6",
        "SKU 4006381333931 is a product code",
    ),
    Rule(
        "discord-token",
        "Discord bot token (three base64url parts) or webhook URL",
        (
            # from the first dot: the user id before it is public, the rest signs it
            r"\.(?<=[A-Za-z0-9_\-]{24}\.)[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}",
            r"discord(?:app)?\.com/api/webhooks/\d{5,30}/[A-Za-z0-9_\-]{30,100}",
        ),
        "MTA4NzY1NDMyMTAxMjM0NTY3OA.GhJkLm.Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cN",
        "Main.Module.init() is a call chain",
        check="entropy",
        bounded=False,
    ),
    Rule(
        "telegram-bot-token",
        "Telegram bot token",
        r":AA(?<=[0-9]{8}:AA)[A-Za-z0-9_\-]{33}",
        "5829374610:AAZx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV",
        "at 12:30:45 the bot answered",
        bounded=False,
        hints=(":aa",),
    ),
    Rule(
        "azure-storage-key",
        "Azure storage account key or SAS signature in a connection string or URL",
        r"(?i:AccountKey|SharedAccessKey|sig)=(?P<secret>[A-Za-z0-9+/%]{30,120}(?:=|%3D){0,2})",
        "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey="
        "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0PaZx8vQ2mN4kR7tY1wB5cDq8ZtR2w==",
        "AccountName=demo;EndpointSuffix=core.windows.net",
        bounded=False,
        hints=("accountkey=", "sharedaccesskey=", "sig="),
    ),
    Rule(
        "azure-client-secret",
        "Azure AD (Entra) application client secret",
        r"[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}",
        "Zx83Q~mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Y",
        "version 8Q~ is not a thing",
        bounded=False,
        hints=("q~",),
    ),
    Rule(
        "mailgun-key",
        "Mailgun API key",
        r"key-[0-9a-f]{32}(?![0-9a-f])",
        "key-9f2c4e7a1b3d5f60718293a4b5c6d7e8",
        "key-value store",
    ),
    Rule(
        "mailchimp-key",
        "Mailchimp API key",
        r"(?<![0-9a-f])[0-9a-f]{32}-us\d{1,2}(?![0-9])",
        "9f2c4e7a1b3d5f60718293a4b5c6d7e8-us21",
        "region us-east-1",
        bounded=False,
        hints=("-us",),
    ),
    Rule(
        "square-token",
        "Square access token or OAuth secret",
        (r"sq0(?:atp|csp)-[A-Za-z0-9_\-]{22,43}", r"EAAA[A-Za-z0-9_\-]{60}"),
        "sq0atp-Zx8vQ2mN4kR7tY1wB5cDq8",
        "sq0 is a prefix",
    ),
    Rule(
        "shopify-token",
        "Shopify access token, shared secret, custom or private app token",
        r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}",
        "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",
        "shpat_ is a prefix",
    ),
    Rule(
        "digitalocean-token",
        "DigitalOcean personal, OAuth or refresh token",
        r"do[opr]_v1_[a-f0-9]{64}",
        "dop_v1_" + "9f2c4e7a1b3d5f60718293a4b5c6d7e8" * 2,
        "dop_v1_ starts a DigitalOcean token",
    ),
    Rule(
        "heroku-key",
        "Heroku API key (new format)",
        r"HRKU-(?:AA)?[A-Za-z0-9_\-]{58,60}",
        "HRKU-AAZx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0PaZx8vQ",
        "HRKU- is the prefix",
    ),
    Rule(
        "atlassian-token",
        "Atlassian API token",
        r"ATATT3[A-Za-z0-9_\-=]{150,300}",
        "ATATT3xFfGF0" + "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa" * 3 + "=1A2B3C4D",
        "ATATT3 begins one",
    ),
    Rule(
        "databricks-token",
        "Databricks personal access token",
        r"dapi[a-f0-9]{32}(?:-\d)?(?![a-f0-9])",
        "dapi9f2c4e7a1b3d5f60718293a4b5c6d7e8",
        "dapis are not tokens",
    ),
    Rule(
        "doppler-token",
        "Doppler token",
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}",
        "dp.pt.Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3Js",
        "dp.pt. is a Doppler prefix",
    ),
    Rule(
        "postman-key",
        "Postman API key",
        r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
        "PMAK-9f2c4e7a1b3d5f60718293a4-b5c6d7e89f2c4e7a1b3d5f60718293a4b5",
        "PMAK- is a prefix",
    ),
    Rule(
        "linear-key",
        "Linear API key",
        r"lin_(?:api|oauth)_[A-Za-z0-9]{40}",
        "lin_api_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh",
        "lin_api_ is a prefix",
    ),
    Rule(
        "notion-token",
        "Notion integration token",
        (r"ntn_[A-Za-z0-9]{46}", r"secret_[A-Za-z0-9]{43}(?![A-Za-z0-9])"),
        "ntn_" + "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd",
        "secret_santa_list",
    ),
    Rule(
        "vault-token",
        "HashiCorp Vault service or batch token",
        r"hv[sbr]\.[A-Za-z0-9_\-]{24,400}",
        "hvs.CAESIZx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3",
        "hvs.example",
    ),
    Rule(
        "terraform-token",
        "Terraform Cloud / HCP API token",
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-=]{60,100}",
        "Zx8vQ2mN4kR7tY.atlasv1."
        + "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0PaZx8vQ2mN4kR7t",
        "atlasv1 is a token prefix",
        bounded=False,
        hints=(".atlasv1.",),
    ),
    Rule(
        "grafana-token",
        "Grafana Cloud or service-account token",
        (r"glc_[A-Za-z0-9+/]{32,400}={0,2}", r"glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}"),
        "glsa_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9Xm_9f2c4e7a",
        "glsa_ is a prefix",
    ),
    Rule(
        "newrelic-key",
        "New Relic user API key",
        r"NRAK-[A-Z0-9]{27}",
        "NRAK-ZX8VQ2MN4KR7TY1WB5CDQ8ZTR2W",
        "NRAK is a prefix",
    ),
    Rule(
        "sentry-token",
        "Sentry auth token (org or user)",
        r"sntry[su]_[A-Za-z0-9+/=_\-]{40,400}",
        "sntrys_eyJpYXQiOjE3MDAwMDAwMDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8ifQ_Zx8vQ2mN4kR7tY1wB5cDq8",
        "sntrys_ is a prefix",
    ),
    Rule(
        "dropbox-token",
        "Dropbox short-lived access token",
        r"sl\.[A-Za-z0-9_\-]{130,1400}",
        "sl." + "Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa-_" * 3,
        "sl.no is Slovenian",
    ),
    Rule(
        "pulumi-token",
        "Pulumi access token",
        r"pul-[a-f0-9]{40}",
        "pul-9f2c4e7a1b3d5f60718293a4b5c6d7e89f2c4e7a",
        "pul- is a prefix",
    ),
    Rule(
        "flyio-token",
        "Fly.io access token",
        (r"fo1_[A-Za-z0-9_\-]{43}", r"FlyV1 fm\d_[A-Za-z0-9+/=_\-]{100,4000}"),
        "fo1_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3Js",
        "fo1_ is a prefix",
    ),
    Rule(
        "cloudflare-ca-key",
        "Cloudflare Origin CA key",
        r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}",
        "v1.0-9f2c4e7a1b3d5f60718293a4-" + ("9f2c4e7a1b3d5f60718293a4b5c6d7e8" * 5)[:146],
        "v1.0-beta",
    ),
    Rule(
        "alibaba-key-id",
        "Alibaba Cloud AccessKey id",
        r"LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])",
        "LTAI5tZx8vQ2mN4kR7tY1wB5",
        "LTAI is a prefix",
    ),
    Rule(
        "supabase-token",
        "Supabase access token or secret key",
        (r"sbp_[a-f0-9]{40}", r"sb_secret_[A-Za-z0-9_\-]{30,40}"),
        "sbp_9f2c4e7a1b3d5f60718293a4b5c6d7e89f2c4e7a",
        "sbp_ is a prefix",
    ),
    Rule(
        "age-secret-key",
        "age encryption secret key",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        "AGE-SECRET-KEY-1" + ("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L" * 2)[:58],
        "age-keygen writes AGE-SECRET-KEY-1 lines",
    ),
    Rule(
        "firebase-server-key",
        "Firebase Cloud Messaging legacy server key",
        r"AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{120,140}",
        "AAAAZx8vQ2m:APA91b" + ("Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa" * 3)[:134],
        "AAAA records hold IPv6 addresses",
    ),
    Rule(
        "buildkite-token",
        "Buildkite agent or user token",
        r"bk(?:ua|agent)_[a-f0-9]{40}",
        "bkua_9f2c4e7a1b3d5f60718293a4b5c6d7e89f2c4e7a",
        "bkua_ is a prefix",
    ),
    Rule(
        "replicate-token",
        "Replicate API token",
        r"r8_[A-Za-z0-9]{37}(?![A-Za-z0-9])",
        "r8_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb",
        "r8_ is a prefix",
    ),
    Rule(
        "groq-key",
        "Groq API key",
        r"gsk_[A-Za-z0-9]{48,56}",
        "gsk_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa",
        "gsk_ is a prefix",
    ),
    Rule(
        "perplexity-key",
        "Perplexity API key",
        r"pplx-[A-Za-z0-9]{48}",
        "pplx-Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6L",
        "pplx- is a prefix",
    ),
    Rule(
        "xai-key",
        "xAI API key",
        r"xai-[A-Za-z0-9]{70,90}",
        "xai-" + ("Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa" * 2)[:80],
        "xai- is a prefix",
    ),
    Rule(
        "langsmith-key",
        "LangSmith API key",
        r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        "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",
        "lsv2_ is a prefix",
    ),
    Rule(
        "docker-hub-token",
        "Docker Hub personal access token",
        r"dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,60}",
        "dckr_pat_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2w",
        "dckr_pat_ is a prefix",
    ),
    Rule(
        "artifactory-token",
        "JFrog Artifactory API key or reference token",
        (r"AKCp[A-Za-z0-9]{69}", r"cmVmdGtuOjAxOj[A-Za-z0-9]{40,80}"),
        "AKCp" + ("Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3JsQfKd6Lw0Pa" * 2)[:69],
        "AKCp is a prefix",
    ),
    Rule(
        "airtable-token",
        "Airtable personal access token",
        r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        "patZx8vQ2mN4kR7tY." + "9f2c4e7a1b3d5f60718293a4b5c6d7e8" * 2,
        "path.join",
    ),
    Rule(
        "figma-token",
        "Figma personal access token",
        r"figd_[A-Za-z0-9_\-]{40,43}",
        "figd_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh",
        "figd_ is a prefix",
    ),
    Rule(
        "netlify-token",
        "Netlify personal access token",
        r"nfp_[A-Za-z0-9]{36,40}",
        "nfp_Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cN",
        "nfp_ is a prefix",
    ),
    Rule(
        "rubygems-key",
        "RubyGems API key",
        r"rubygems_[a-f0-9]{48}",
        "rubygems_" + ("9f2c4e7a1b3d5f60718293a4b5c6d7e8" * 2)[:48],
        "rubygems_org",
    ),
    Rule(
        "nuget-key",
        "NuGet API key",
        r"oy2[a-z0-9]{43}(?![a-z0-9])",
        "oy2" + "zx8vq2mn4kr7ty1wb5cdq8ztr2wlp9xmv4cnb7yh3js",
        "oy2 is a prefix",
    ),
    Rule(
        "mapbox-token",
        "Mapbox secret token",
        r"sk\.eyJ[A-Za-z0-9_\-]{20,200}\.[A-Za-z0-9_\-]{20,100}",
        "sk.eyJ1IjoiZXhhbXBsZSIsImEiOiJjbGF6eTEyMzQ1In0.Zx8vQ2mN4kR7tY1wB5cDq8",
        "pk.eyJ tokens are public",
    ),
    Rule(
        "jwt",
        'JSON Web Token: a base64url JSON header with "alg", a payload, a signature',
        r"eyJ[A-Za-z0-9_\-]{10,500}+\.eyJ[A-Za-z0-9_\-]{2,8000}+\.[A-Za-z0-9_\-]{0,1000}",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9XmV4cNb7Yh3Js",
        "eyJfoo.eyJbar. is not a token",
        check="jwt",
    ),
    Rule(
        "bearer",
        "a credential after Authorization: Bearer/Basic/Token",
        r"[ \t]+(?P<secret>[A-Za-z0-9._~+/\-]{16,4000}=*)",
        "Authorization: Bearer Zx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9",
        "a bearer bond is a paper security",
        check="entropy",
        bounded=False,
        words=("bearer", "basic", "token"),
    ),
    Rule(
        "connection-string",
        "the password in a URL with credentials (database, broker, HTTP basic auth)",
        r"://(?:[^\s:/@\"'<>]{0,128}):(?P<secret>[^\s/@\"'<>]{1,256})@(?=[^\s/@\"'<>:])",
        "postgres://app:Zx8vQ2mN4kR7@db.internal:5432/app",
        "see https://example.com:8443/path for the docs",
        bounded=False,
    ),
)

# NAME = value where the name says it holds a secret and the value looks random. The rest of the
# name is bounded (`[\w.-]{0,64}`) so a long blob is not rescanned from each character.
_STEMS = ("api", "access", "private", "signing", "encryption", "master", "account", "client")
SECRET_WORDS = (
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "auth",
    "credential",
    "credentials",
    *(f"{stem}{sep}key" for stem in _STEMS for sep in ("", "_", "-")),
)
ASSIGNMENT = Rule(
    "secret-assignment",
    "a random-looking value given to a name that says it is a secret",
    r"[\w.\-]{0,64}[\"']?[ \t]*(?::=|=>|[:=])[ \t]*[\"'`]?(?P<secret>[^\s\"'`,;&<>\\]{8,512})",
    "DB_PASSWORD=q8ZtR2wLp9XmV4cN",
    "const secret = process.env.APP_SECRET",
    check="entropy",
    bounded=False,
    words=SECRET_WORDS,
)

PEM = Rule(
    "private-key",
    "a PEM or PGP private key block, also when cut short",
    r"-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzx8vQ2mN4kR7tY1wB5cDq8ZtR2wLp9\n",
    "look for -----BEGIN PUBLIC KEY----- in the file",
    bounded=False,
)
