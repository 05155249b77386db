"""Reading a response in a test: its status first, then its body, so that a test never reads an error page as if
it were the page it asked for; and one element of a page, so that a figure is matched where it is shown."""

import re


def html_of(response, status: int = 200) -> str:
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    return response.content.decode()


def json_of(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    return response.json()


def element(html: str, element_id: str) -> str:
    """The element with that id, from its opening tag to its closing tag (elements of the same tag nested in it
    included). Fails the test when the page has no such element."""
    opening = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert opening, f'no element with id="{element_id}"'
    tag = opening.group(1)
    depth, position = 1, opening.end()
    for match in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(html, position):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[opening.start():match.end()]
    raise AssertionError(f'the element with id="{element_id}" is not closed')


def row_of(html: str, text: str) -> str:
    """The one table row (<tr>…</tr>) of the HTML that contains the text."""
    rows = [row for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.DOTALL) if text in row]
    assert len(rows) == 1, f"{len(rows)} rows contain {text!r}"
    return rows[0]
