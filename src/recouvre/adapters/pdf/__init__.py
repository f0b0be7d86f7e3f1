"""PDF letters with typst, EPC QR codes (segno) and print batches (pikepdf)."""
