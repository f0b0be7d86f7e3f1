"""The judicial phase: route advice, procedures and deadlines, papers, collective proceedings."""
