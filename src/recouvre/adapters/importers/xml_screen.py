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


class _Discard:
    """A parser target that keeps nothing (the screening needs the parse, not its tree)."""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        return None

    def end(self, tag: str) -> None:
        return None

    def data(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


def parse_screened(data: bytes) -> tuple[etree._Element, str]:
    """The root element of ``data`` with the namespaces removed from the tags (formats are
    matched on element names whatever the schema version), and the root's namespace; after the
    defusedxml screening."""
    root = screened_tree(data)
    namespace = etree.QName(root).namespace or ""
    for element in root.iter(tag=etree.Element):
        element.tag = element.tag.rpartition("}")[2]
    return root, namespace


def screened_tree(data: bytes) -> etree._Element:
    """The root element of ``data``, namespaces kept (for libraries that query them, such as
    factur-x), parsed only once the defusedxml screening has passed."""
    try:
        screen = SafeTree.DefusedXMLParser(
            target=_Discard(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        screen.feed(data)  # the events go nowhere: no second tree is built, only the checks
        screen.close()
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
    return root
