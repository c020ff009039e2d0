"""Cutting the cited passages out of a rendered handbook page (`passages.passages` calls `cut`
when its cache has no result)."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _strip(fragment: Tag, page_url: str = "") -> str:
    """The fragment as quoted text: no permalinks or ids (they belong to the handbook page), links
    within the page made to point at it, headings as bold paragraphs, a lone list item in its list."""
    for link in fragment.select("a.headerlink"):
        link.decompose()
    for element in [fragment, *fragment.find_all(True)]:
        element.attrs.pop("id", None)
    for link in fragment.find_all("a", href=True):
        href = str(link["href"])
        if href.startswith("#"):
            link["href"] = page_url + href
    for block in fragment.select("div.highlight"):  # a code block (the standard reply) as quoted text
        title = block.select_one(".filename")
        code = block.find("code")
        quoted = BeautifulSoup("", "html.parser").new_tag("p", attrs={"class": "kildegrunnlag__kodeblokk"})
        if title is not None:  # as the handbook page reads: title, then text
            label = BeautifulSoup("", "html.parser").new_tag("strong")
            label.string = title.get_text(strip=True)
            quoted.append(label)
            quoted.append(" ")
        text = BeautifulSoup("", "html.parser").new_tag("span")
        text.string = (code or block).get_text().strip()
        quoted.append(text)
        block.replace_with(quoted)
    for heading in fragment.find_all(HEADINGS):  # the review page has its own heading levels
        heading_text = heading.get_text(" ", strip=True)
        heading.clear()
        heading.name = "p"
        heading.attrs = {"class": AttributeValueList(["kildegrunnlag__overskrift"])}
        strong = BeautifulSoup("", "html.parser").new_tag("strong")
        strong.string = heading_text
        heading.append(strong)
    return str(fragment)


def _section(heading: Tag, page_url: str) -> str:
    """A heading and what follows it up to the next heading of the same or a higher level."""
    parts = [_strip(BeautifulSoup(str(heading), "html.parser"), page_url)]
    for sibling in heading.find_next_siblings():
        if sibling.name in HEADINGS:
            break  # the next section, or a subsection with an anchor of its own
        if _is_note(sibling):
            continue
        parts.append(_strip(BeautifulSoup(str(sibling), "html.parser"), page_url))
    return "\n".join(parts)


def cut(page_html: str, anchors: list[str], page_url: str) -> dict[str, str]:
    soup = BeautifulSoup(page_html, "html.parser")
    found: dict[str, str] = {}
    for anchor in anchors:
        element = soup.find(id=anchor)
        if not isinstance(element, Tag):
            continue
        if element.name in HEADINGS:
            found[anchor] = _section(element, page_url)
        elif element.name == "p":
            found[anchor] = _paragraph(element, page_url)
        elif element.name == "li":
            parent = element.parent
            kind = parent.name if parent is not None and parent.name in ("ol", "ul") else "ul"
            number = list(parent.find_all("li", recursive=False)).index(element) + 1 if kind == "ol" and parent else 1
            start = f' start="{number}"' if kind == "ol" and number > 1 else ""
            found[anchor] = f"<{kind}{start}>{_strip(BeautifulSoup(str(element), 'html.parser'), page_url)}</{kind}>"
        else:
            found[anchor] = _strip(BeautifulSoup(str(element), "html.parser"), page_url)
    return found


def _ends_passage(element: Tag) -> bool:
    """A heading, a block with an anchor of its own, or an editors' note ends a cited paragraph."""
    if element.name in HEADINGS or (element.name in ("p", "li", "blockquote") and element.get("id")):
        return True
    return _is_note(element)


def _is_note(element: Tag) -> bool:
    """An editors' note or other admonition: not the guidelines' own text."""
    return "admonition" in (element.get("class") or []) or element.name == "details"


def _paragraph(paragraph: Tag, page_url: str) -> str:
    """A cited paragraph and what belongs to it: the lists, quotations and paragraphs that follow
    up to the next anchored block (a rule such as «Journalføring og arkivering» goes on in a list)."""
    parts = [_strip(BeautifulSoup(str(paragraph), "html.parser"), page_url)]
    for sibling in paragraph.find_next_siblings():
        if _ends_passage(sibling):
            break
        parts.append(_strip(BeautifulSoup(str(sibling), "html.parser"), page_url))
    return "\n".join(parts)
