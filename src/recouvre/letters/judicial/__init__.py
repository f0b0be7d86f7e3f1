"""Pure content of the judicial papers: the requête en injonction de payer (CPC 1407), the
petites créances request (CPCE L125-1), the file for a lawyer, the saisie conservatoire
request (CPCE R511-1) and the claim declaration (C. com. L622-25), with the exhibits and their
numbered bordereau. What is said, not how it looks (``recouvre.adapters.pdf.judicial``)."""
