"""Every XML input is screened with defusedxml before it is parsed: no DTD, no entity, no
external reference (an entity bomb or an external entity would otherwise expand or read files
while the file is read). Then lxml parses it with entities unresolved and no network, keeping
each element's line for the error messages.
"""

from __future__ import annotations

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree
from lxml import etree

from recouvre.adapters.errors import AdapterError

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class XmlRefused(AdapterError):
    """The file is not XML one may read safely; the message says why, in French."""


def parse_screened(data: bytes) -> tuple[etree._Element, str]:
    """The root element of ``data`` with the namespaces removed from the tags (formats are
    matched on element names whatever the schema version), and the root's namespace; after the
    defusedxml screening."""
    try:
        SafeTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise XmlRefused(
            "XML refusé : déclaration de type de document ou entité interdite "
            f"({type(error).__name__})"
        ) from None
    except SafeTree.ParseError as error:
        raise XmlRefused(f"XML illisible : {error}") from None
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise XmlRefused(f"XML illisible : {error}") from None
    namespace = etree.QName(root).namespace or ""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    return root, namespace
