"""Moving around the site as a visitor does: open a URL, follow a link, submit a form, read
what the page says."""

import re
from urllib.parse import parse_qs, urlsplit


def visit(page, path, status=200):
    response = page.goto(path)
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"


def follow(page, href):
    """Click the first link to `href` in the page's main content and wait for its page."""
    load_by_clicking(page, page.locator("main").locator(f'a[href="{href}"]').first)
    assert path_of(page) == href


def load_by_clicking(page, target):
    """Click a link or button that opens another page; wait until that page has loaded."""
    with page.expect_response(lambda response: response.request.is_navigation_request()) as load:
        target.click()
    page.wait_for_load_state()
    response = load.value
    assert response.status == 200, f"{response.url}: HTTP {response.status}"


def heading(page):
    return page.locator("h1").inner_text()


def result_count(page):
    """The number of records a list page says it found ("7 practices match these filters")."""
    text = page.locator(".result-count").inner_text()
    return int(re.match(r"\d+", text).group())


def path_of(page):
    return urlsplit(page.url).path


def query_of(page):
    """The page URL's parameters that have a value: {"barrier": ["5"], ...}."""
    return parse_qs(urlsplit(page.url).query)
