"""Use cases. They reach storage and the outside world only through the ports in
``services.ports``; the composition root (``recouvre.bootstrap``) wires the adapters."""
