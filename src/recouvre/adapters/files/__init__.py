"""Input and output files of the command line: statement and prescription inputs, bounce folder,
letter tray."""
