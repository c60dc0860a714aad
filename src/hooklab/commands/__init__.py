"""CLI subcommands: every module here has `register(subparsers)`; cli.py finds them all."""
