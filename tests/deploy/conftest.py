"""The figures of the deployment drill, printed at the end of the run (one line) when tests/deploy
is named on the command line (`pytest tests/deploy`): under xdist only a conftest the controller
loads can print, as with the security suites' summaries."""


def pytest_terminal_summary(terminalreporter):
    """The kill drill's counts (xdist workers included: user_properties travel with the reports)."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", "") != "call":
                continue
            for name, value in getattr(report, "user_properties", []):
                if name == "kill_drill":
                    terminalreporter.write_line(
                        "nginx kill drill: {} requests before, {} in flight, {} after host C died; "
                        "{} failed".format(*value)
                    )
