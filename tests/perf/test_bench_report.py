"""The bench's table reads every page against both baselines of the same run: the bare view in
the portal's middleware and the bare view of a minimal Django project (bench/minimal)."""

from bench import run


def _m(rps: float, p50: float = 2.0, p99: float = 5.0) -> dict:
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": 0, "samples": [rps]}


def test_the_table_gives_each_page_as_a_ratio_to_the_minimal_projects_bare_view():
    results = {
        "baseline": {"warm": _m(2000), "cold": _m(2000)},
        "article": {"warm": _m(1500), "cold": _m(300)},
    }
    baselines = {"bare": _m(3000), "plain": _m(600), "plain_bytes": 24_576}
    weight = {
        "html_bytes": {"article": 40_000},
        "css_js_gzip_bytes": {"article": 20_000},
        "foreign_hosts": [],
        "images_without_renditions": [],
    }
    memory = {"readings": [{"requests": 10, "rss_mb": [90]}, {"requests": 20, "rss_mb": [91]}], "peak_mb": 95,
              "growth_pct": 1.1, "distinct_paths": 5}  # fmt: skip
    data = {"sizes": {"articles": 20_000}}
    table = run.render(results, data, None, {}, weight, memory, True, 60, baselines)
    article = next(line for line in table.splitlines() if line.startswith("| article |"))
    cells = [c.strip() for c in article.strip("|").split("|")]
    assert cells[4] == "0.50"  # warm: 1500 / 3000
    assert cells[-1] == "0.10"  # cold: 300 / 3000
    assert "plain template page (24,576 B" in table
    assert "Uncached article ÷ plain template page: 0.50" in table
