"""The drills' figures, printed at the end of the run: requests per second through nginx with one
app host and with two, the visit count check and the host-kill counts."""

LINES = {
    "throughput": lambda v: (
        "throughput through nginx (req/s, 16 connections): "
        + ", ".join(
            f"{page} with {hosts} host(s) {v[f'{page}/{hosts}']:,.0f}"
            for page in ("home", "search")
            for hosts in (1, 2)
        )
    ),
    "visitors": lambda v: (
        f"visit count drill: {v[0]:,} distinct visitors over both hosts, Hôm nay rose by {v[1]:,}"
    ),
    "host_kill": lambda v: (
        "host A killed under load: {} requests before, {} in flight, {} after; {} failed".format(*v)
    ),
}


def pytest_terminal_summary(terminalreporter):
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name in LINES:
                    terminalreporter.write_line("cluster drill: " + LINES[name](value))
