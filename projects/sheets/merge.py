"""The catalogue PDF put together from PDFs already made: its front matter (cover
and table of contents) and the sheets' cached PDFs, one after the other.

pypdf copies pages, not what makes a PDF archival and accessible, so this keeps
by hand:
- the structure tree (tagged PDF): each part's elements go under one Document
  element, and the numbers tying a page's content or a link to its elements
  (/StructParents, /StructParent, the ParentTree) are shifted part by part;
- the bookmarks: each part's outline, its levels and positions kept, one entry per
  sheet with its sections under it;
- the metadata of the front matter (XMP with the PDF/A and PDF/UA identification,
  document information, language, output intent), which describe the catalogue;
- the links of the table of contents: the front matter is laid out alone, so its
  entries link to `page_link(n)`, turned here into a link to page n of the whole.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from .pdf import BASE_URL

PAGE_LINK_PREFIX = f"{BASE_URL}catalogue/page/"

# Kept from the front matter: what describes the whole document.
CATALOG_KEYS = (
    "/Metadata",
    "/Lang",
    "/MarkInfo",
    "/ViewerPreferences",
    "/OutputIntents",
)


def page_link(number: int) -> str:
    """The href a front matter link gives to go to page `number` (from 1) of the
    catalogue."""
    return f"{PAGE_LINK_PREFIX}{number}"


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


@dataclass
class _Structure:
    """The merged structure tree, filled part by part."""

    root_ref: IndirectObject
    document: DictionaryObject
    document_ref: IndirectObject
    nums: ArrayObject
    next_key: int = 0


def merge_pdfs(front: PdfReader, parts: list[PdfReader]) -> bytes:
    """One PDF: `front`, then each of `parts`, with their tags and bookmarks;
    the document's metadata are the front's."""
    writer = PdfWriter()
    readers = [front, *parts]
    structure = _structure_start(writer)
    for reader in readers:
        first_page = len(writer.pages)
        for page in reader.pages:
            writer.add_page(page)
        _structure_add(writer, structure, reader, first_page)
        _outline_add(writer, reader, reader.outline, first_page, parent=None)
    _describe_as(writer, readers[0])
    _resolve_page_links(writer, pages=len(readers[0].pages))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _structure_start(writer: PdfWriter) -> _Structure:
    nums = ArrayObject()
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    root[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): nums})
    )
    document = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): root_ref,
            NameObject("/K"): ArrayObject(),
        }
    )
    document_ref = writer._add_object(document)
    root[NameObject("/K")] = ArrayObject([document_ref])
    writer._root_object[NameObject("/StructTreeRoot")] = root_ref
    return _Structure(
        root_ref=root_ref, document=document, document_ref=document_ref, nums=nums
    )


def _structure_add(
    writer: PdfWriter, structure: _Structure, reader: PdfReader, first_page: int
) -> None:
    """The part's elements under the merged Document element, its keys shifted."""
    if "/StructTreeRoot" not in reader.root_object:  # untagged: its pages only
        return
    tree_ref = reader.root_object.raw_get("/StructTreeRoot")
    tree = tree_ref.get_object()
    offset = structure.next_key
    # The part's root and Document element are the merged ones: cloning its
    # elements then follows their parent links as they are, and those that lead
    # to the part's Document (or root) lead to the merged one. pypdf keeps what it
    # has cloned from a reader in `_id_translated`, as add_page does.
    translated = writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
    if isinstance(tree_ref, IndirectObject):
        translated[tree_ref.idnum] = structure.root_ref.idnum
    source_documents = _kids(tree)
    for source_document in source_documents:
        translated[source_document.idnum] = structure.document_ref.idnum
    for source_document in source_documents:
        for element in _kids(source_document.get_object()):
            structure.document["/K"].append(element.clone(writer))
    keys = []
    for key, value in _number_tree_items(tree["/ParentTree"].get_object()):
        keys.append(key)
        structure.nums.append(NumberObject(key + offset))
        structure.nums.append(value.clone(writer))
    structure.next_key = offset + (max(keys) + 1 if keys else 0)
    for page, source in zip(writer.pages[first_page:], reader.pages, strict=True):
        if "/StructParents" in source:
            page[NameObject("/StructParents")] = NumberObject(
                source["/StructParents"] + offset
            )
        for annotation in page.get("/Annots", ()):
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    annotation["/StructParent"] + offset
                )


def _kids(element: DictionaryObject) -> list:
    kids = element.get("/K", ())
    if not isinstance(kids, ArrayObject):
        kids = [kids]
    return [kid for kid in kids if isinstance(kid, IndirectObject)]


def _number_tree_items(node: DictionaryObject):
    if "/Nums" in node:
        nums = node["/Nums"]
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree_items(kid.get_object())


def _outline_add(writer, reader, items, first_page: int, parent) -> None:
    """The part's bookmarks, at the same levels, on the same spots of its pages."""
    previous = None
    for item in items:
        if isinstance(item, list):
            if previous is not None:
                _outline_add(writer, reader, item, first_page, parent=previous)
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        left, top = item.get("/Left"), item.get("/Top")
        previous = writer.add_outline_item(
            title=item.title,
            page_number=first_page + page,
            parent=parent,
            fit=Fit.xyz(left=left, top=top) if top is not None else Fit.fit(),
        )


def _describe_as(writer: PdfWriter, front: PdfReader) -> None:
    """The whole catalogue described as its front matter describes it (title,
    author, language, PDF/A and PDF/UA identification)."""
    source = front.root_object
    for key in CATALOG_KEYS:
        if key in source:
            writer._root_object[NameObject(key)] = source.raw_get(key).clone(writer)
    if front.metadata:
        # the same information as the XMP stream, which PDF/A requires: pypdf's
        # own Producer would contradict it
        writer.add_metadata(dict(front.metadata))


def _resolve_page_links(writer: PdfWriter, *, pages: int) -> None:
    """Links of the front matter to `page_link(n)` become links to page n."""
    for page in writer.pages[:pages]:
        for annotation in page.get("/Annots", ()):
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action else ""
            if not uri.startswith(PAGE_LINK_PREFIX):
                continue
            number = int(uri[len(PAGE_LINK_PREFIX) :])
            target = writer.pages[number - 1].indirect_reference
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])
            # what a screen reader says of the link, instead of the URL
            annotation[NameObject("/Contents")] = TextStringObject(
                _("Page %(page)s") % {"page": number}
            )
