"""The evidence map and the comparison of regions in a real browser: the axe-core audit."""

import pytest

from .axe import describe, serious_violations
from .browsing import visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", ["/map/", "/compare/", "/compare/?regions=crete,netherlands,baden-wurttemberg"]
)
def test_no_serious_accessibility_violations(page, path):
    visit(page, path)
    violations = serious_violations(page)
    assert not violations, describe(violations, path)
