"""Text made safe for XML 1.0, which forbids most control characters (NUL, vertical tab, …)
even escaped: a document holding one is not well-formed, and readers refuse all of it."""

import re

# Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] |
# [#xE000-#xFFFD] | [#x10000-#x10FFFF].
FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"  # shows that a character was there, as decoders do


def xml_safe(value):
    """`value` with each character XML forbids replaced by U+FFFD."""
    return FORBIDDEN.sub(REPLACEMENT, value)


def make_tree_safe(root):
    """Every text, tail and attribute value of an ElementTree element and its descendants
    made safe, in place; ElementTree escapes markup but lets these characters through."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_safe(value)
    return root
