"""Letters: what each document says and the mentions it must carry (pure; no layout, no I/O).

``context`` (the view model), ``content.build`` (a ``Document`` of blocks per kind),
``mentions.check`` (required mentions and refused contents), ``sms`` (texts and segments),
``calls`` (agents' scripts), ``agreements`` (payment plan, receipt), ``channels`` (the ports
``LetterRenderer``, ``Mailer``, ``SmsGateway`` and their values), ``statement_view`` (from the
legal engine's statement), ``samples`` (fixed sample facts for previews, tests and benchmarks).
"""
