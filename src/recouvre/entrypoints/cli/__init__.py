"""The ``recouvre`` command line (Typer), French first."""
