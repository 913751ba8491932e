"""An admin change form, submitted as a browser submits it: every field the page holds,
textareas with the `\r\n` line ends HTML gives them."""

import lxml.html


def submitted(page, **changes):
    """The POST data of the page's change form, as a browser sends it unchanged, with
    `changes` applied."""
    document = lxml.html.fromstring(page.content.decode())
    (form,) = [form for form in document.forms if form.get("id", "").endswith("_form")]
    data = {}
    for element in form.inputs:
        name = element.name
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "textarea":
            # HTML drops the newline just after <textarea>; a browser sends lines as CRLF.
            text = (element.text or "").removeprefix("\n")
            data[name] = text.replace("\n", "\r\n")
        elif element.tag == "select":
            selected = [
                o.get("value", o.text)
                for o in element.findall(".//option")
                if o.get("selected") is not None
            ]
            if selected:
                data[name] = selected if element.get("multiple") is not None else selected[0]
        elif element.get("type") in {"checkbox", "radio"}:
            if element.get("checked") is not None:
                data[name] = element.get("value", "on")
        elif element.get("type") not in {"submit", "button", "file", "image", "reset"}:
            data[name] = element.get("value", "")
    if data.get("change_reason") == "":  # every save gives a reason (bases.history)
        data["change_reason"] = "Checked against the source"
    data.update(changes)
    return data
