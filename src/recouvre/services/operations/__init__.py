"""Operations: what a team running recouvre needs to see and keep (docs/operations.md): the
record of each daily run and the lock that lets one run at a time (``runs``), the state of the
installation (``status``), its metrics in Prometheus text format (``metrics``) and the copies
of the database (``backups``)."""
