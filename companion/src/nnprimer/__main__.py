"""``python -m nnprimer doctor``: check that this machine is ready for the course."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnprimer", description="The nnprimer companion package.")
    commands = parser.add_subparsers(dest="command", required=True)
    doctor = commands.add_parser("doctor", help="check Python, the libraries nnprimer needs and their versions, "
                                                "the training device and the CJK font; exit code 1 if anything "
                                                "is wrong")
    doctor.add_argument("--notebooks", action="store_true", help="also check the tools that run the notebooks "
                                                                 "and build the website (JupyterLab, "
                                                                 "jupyterlab-myst, ipykernel, Jupyter Book)")
    doctor.add_argument("--language", help="the report's language, such as en or zh (default: from LANGUAGE, "
                                           "LC_ALL, LC_MESSAGES or LANG)")
    args = parser.parse_args(argv)
    if args.command == "doctor":
        from .doctor import main as doctor

        return doctor(language=args.language, notebooks=args.notebooks)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
