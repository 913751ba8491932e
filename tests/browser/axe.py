"""The axe-core accessibility audit (vendor/axe.min.js), run in the page under test."""

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def serious_violations(page):
    """Run every axe-core rule on the page; return the violations of serious or critical
    impact (minor and moderate ones are advice, not failures)."""
    # Loaded as a file of the site, as the Content-Security-Policy allows (an inline copy
    # would be refused): the browser asks the page's origin, and Playwright answers.
    page.route("**/axe-core-under-test.js", lambda route: route.fulfill(path=AXE_SCRIPT))
    page.add_script_tag(url="/axe-core-under-test.js")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [rule for rule in results["violations"] if rule["impact"] in BLOCKING_IMPACTS]


def describe(violations, url):
    """One paragraph per rule: id, impact and help, then each offending element's selector
    and what axe-core found wrong with it."""
    lines = [f"{url}: {len(violations)} serious or critical accessibility violation(s)"]
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} [{rule['helpUrl']}]")
        for node in rule["nodes"]:
            selector = " ".join(_flatten(node["target"]))
            findings = "; ".join(
                check["message"] for check in node["any"] + node["all"] + node["none"]
            )
            lines.append(f"    {selector}: {findings}")
    return "\n".join(lines)


def _flatten(target):
    """axe-core gives a selector per frame or shadow root, nested as lists."""
    for part in target:
        if isinstance(part, list):
            yield from _flatten(part)
        else:
            yield part
