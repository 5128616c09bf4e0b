"""``python -m nnprimer doctor``: check that this machine is ready for the course."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnprimer", description="The nnprimer companion package.")
    commands = parser.add_subparsers(dest="command", required=True)
    doctor = commands.add_parser("doctor", help="check versions, the training device, the CJK font and "
                                                "the notebooks' requirements; exit code 1 if anything is wrong")
    doctor.add_argument("--language", help="the report's language, such as en or zh (default: from LANGUAGE, "
                                           "LC_ALL, LC_MESSAGES or LANG)")
    args = parser.parse_args(argv)
    if args.command == "doctor":
        from .doctor import main as doctor

        return doctor(language=args.language)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
