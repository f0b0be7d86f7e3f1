"""Importing the command line changes nothing outside it: the message language is chosen and
Typer's English literals are routed when the program starts (``main``), not at import."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, os
os.environ.pop("LANGUAGE", None)
from typer._click import exceptions, formatting
before = (formatting.HelpFormatter.write_usage, exceptions.BadParameter.format_message)
import recouvre.entrypoints.cli.commands
import recouvre.entrypoints.cli.main
after = (formatting.HelpFormatter.write_usage, exceptions.BadParameter.format_message)
print(json.dumps({"language": os.environ.get("LANGUAGE"), "patched": before != after}))
"""


def test_importing_the_cli_sets_no_variable_and_patches_nothing() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LANGUAGE"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == {"language": None, "patched": False}
