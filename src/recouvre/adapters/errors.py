"""The adapters' exception tree, drawn once here.

    AdapterError                 an input file, a server or a device could not be used
    ├── UnsupportedDatabase      (db.engine) a database URL of an unsupported kind
    ├── DatabaseBusy             (db.engine) another process holds the write lock too long
    ├── ImapError                (mail.imap_bounces) the bounce mailbox cannot be read
    ├── PrescriptionFileError    (files.prescriptions) a prescription file is invalid
    ├── StatementFileError       (files.statements) a statement file is invalid
    ├── ProofFileError           (files.sent_copies) a proof cannot be kept in the data folder
    ├── CellError                (importers.cells) a spreadsheet cell cannot be read
    ├── XmlRefused               (importers.xml_screen) an XML input with a DTD or an entity,
    │                            or not well-formed
    ├── BankStatementFileError   (importers.camt) a bank statement file is refused, with its
    │                            line-numbered problems
    ├── StatusFileError          (importers.lifecycle) an e-invoicing lifecycle status file is
    │                            refused, with its line-numbered problems
    ├── LineTooLong              (importers.csv_invoices) a line over the length limit
    ├── InvalidTransfer          (pdf.qr) the payment block cannot be an EPC QR code
    ├── PayloadTooLong           (pdf.qr_matrix) too much data for the QR code
    ├── EmptyBatch               (pdf.print_batch) a print batch with no letter
    ├── AttachmentUnreadable     (pdf.judicial.renderer) an exhibit cannot be read
    ├── TemplateNotFound         (pdf.typst_renderer) no template of that name
    ├── RenderingFailed          (pdf.typst_renderer) the PDF compiler failed
    ├── RatesFeedError           (rates_feed) an official rate feed cannot be reached or read
    ├── DatabaseNotReady         (bootstrap) the database is missing or behind the schema
    └── BounceMailboxNotConfigured (bootstrap) no IMAP mailbox is configured

The composition root (``bootstrap``) raises its two as adapter failures: both say a server
cannot be used. The adapters behind the ``Mailer`` and ``SmsGateway`` ports raise the port's
own ``letters.channels.ChannelError`` instead, which the outbox dispatcher catches. The
entry points catch the root and print its message.
"""

from __future__ import annotations


class AdapterError(Exception):
    """An input file, a server or a device could not be used; the message says why, in French."""
