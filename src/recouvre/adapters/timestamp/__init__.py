"""Time-stamping authorities (RFC 3161): the one seam to them (``rfc3161``)."""
