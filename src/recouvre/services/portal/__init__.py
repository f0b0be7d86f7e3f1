"""The debtor portal's use cases (``answers``): what a debtor may answer from the link printed
in their letters, each through the same service as the command line."""
