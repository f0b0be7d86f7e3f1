"""A small CII (Factur-X EN 16931) invoice or credit note written by hand, for tests that need
an e-invoice with given terms and cannot lean on the shared corpus (a clone alone must pass)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

SELLER_SIREN = "732829320"


def cii_document(
    number: str,
    *,
    amount: str,
    buyer: str = "Métallerie Lorraine SARL",
    buyer_siren: str = "552100554",
    type_code: str = "380",
    issued: date = date(2026, 9, 1),
    due: date | None = date(2026, 9, 30),
    preceding: str | None = None,
    payment_reference: str | None = None,
    seller_siren: str = SELLER_SIREN,
) -> bytes:
    """The XML of one document: ``type_code`` 380 an invoice, 381 a credit note of
    ``preceding`` (BT-25); ``amount`` the amount to pay (BT-115), ``payment_reference`` BT-83."""
    reference = (
        f"<ram:PaymentReference>{escape(payment_reference)}</ram:PaymentReference>"
        if payment_reference else ""
    )  # fmt: skip
    terms = (
        "<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>"
        f'<udt:DateTimeString format="102">{due:%Y%m%d}</udt:DateTimeString>'
        "</ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"
        if due is not None else ""
    )  # fmt: skip
    corrected = (
        "<ram:InvoiceReferencedDocument>"
        f"<ram:IssuerAssignedID>{escape(preceding)}</ram:IssuerAssignedID>"
        "</ram:InvoiceReferencedDocument>"
        if preceding else ""
    )  # fmt: skip
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext>
  <ram:GuidelineSpecifiedDocumentContextParameter>
   <ram:ID>urn:cen.eu:en16931:2017</ram:ID>
  </ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument>
  <ram:ID>{escape(number)}</ram:ID>
  <ram:TypeCode>{type_code}</ram:TypeCode>
  <ram:IssueDateTime>
   <udt:DateTimeString format="102">{issued:%Y%m%d}</udt:DateTimeString>
  </ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty>
    <ram:Name>Le Fournisseur SAS</ram:Name>
    <ram:SpecifiedLegalOrganization>
     <ram:ID schemeID="0002">{seller_siren}</ram:ID>
    </ram:SpecifiedLegalOrganization>
    <ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty>
    <ram:Name>{escape(buyer)}</ram:Name>
    <ram:SpecifiedLegalOrganization>
     <ram:ID schemeID="0002">{buyer_siren}</ram:ID>
    </ram:SpecifiedLegalOrganization>
    <ram:PostalTradeAddress>
     <ram:PostcodeCode>57000</ram:PostcodeCode>
     <ram:LineOne>1 rue des Forges</ram:LineOne>
     <ram:CityName>Metz</ram:CityName>
     <ram:CountryID>FR</ram:CountryID>
    </ram:PostalTradeAddress>
   </ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeDelivery/>
  <ram:ApplicableHeaderTradeSettlement>
   {reference}
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   {terms}
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>{amount}</ram:TaxBasisTotalAmount>
    <ram:GrandTotalAmount>{amount}</ram:GrandTotalAmount>
    <ram:DuePayableAmount>{amount}</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
   {corrected}
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
""".encode()


def write_cii(folder: Path, name: str, number: str, **terms: object) -> Path:
    """``cii_document`` written to ``folder / name``."""
    path = folder / name
    path.write_bytes(cii_document(number, **terms))  # type: ignore[arg-type]
    return path
