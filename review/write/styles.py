"""Word packages without python-docx's template ballast.

python-docx starts every document from a template holding Word 2010's whole style gallery
(350 KB of styles.xml) and its stylesWithEffects.xml (440 KB) and a thumbnail. Opening and
saving those parts is most of the cost of writing a short document, and no file Word itself
saves carries them.
"""

from __future__ import annotations

from collections.abc import Collection

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

# Styles Word expects whatever the document holds, by their styles.xml names.
_DEFAULTS = {"default paragraph font", "normal table", "no list"}


def prune_styles(word, used: Collection[str], latent: bool = True) -> None:
    """Keep only the styles named in `used` (styles.xml names, any case), Word's defaults and
    the styles these are based on or linked to; drop stylesWithEffects.xml and the
    thumbnail. `latent`: keep the latent-style table (the gallery Word shows), as a file
    saved by Word has it."""
    styles = word.styles.element
    wanted_names = {n.lower() for n in used} | _DEFAULTS
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}

    def name(style) -> str:
        element = style.find(qn("w:name"))
        return "" if element is None else element.get(qn("w:val")).lower()

    wanted = [s for s in by_id.values() if name(s) in wanted_names]
    keep = set()
    while wanted:
        style = wanted.pop()
        if style in keep:
            continue
        keep.add(style)
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                wanted.append(by_id[ref.get(qn("w:val"))])
    for style in by_id.values():
        if style not in keep:
            styles.remove(style)
    table = styles.find(qn("w:latentStyles"))
    if table is not None and not latent:
        styles.remove(table)
    part = word.part
    for rel in list(part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel.rId)
    package_rels = part.package.rels
    for rel in list(package_rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel.rId)
