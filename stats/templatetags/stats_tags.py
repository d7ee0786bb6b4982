from django import template

from common.vietnamese import number as vn_number

from ..counter import network_numbers, visit_numbers

register = template.Library()


@register.inclusion_tag("stats/visit_counter.html")
def visit_counter() -> dict:
    """The "Thống kê truy cập" widget: Đang truy cập, Hôm nay, Trong tuần, Tất cả.

    The numbers are cached for at most VISIT_WIDGET_CACHE_SECONDS (15 s), so the widget may lag
    the exact stored counts by that much; it shows the counts from before the current page's
    own view (counting happens after the response).

    The numbers are the current site's. A site with sites below it (a province above its
    communes) also shows "Toàn mạng lưới": its own plus theirs, today and all time.
    """
    numbers = visit_numbers()
    network = network_numbers()
    network_rows = []
    if network is not None:
        network_rows = [
            (
                "network-today",
                "Hôm nay",
                network.today,
                "Lượt truy cập hôm nay trên cổng này và các cổng cấp dưới",
            ),
            (
                "network-total",
                "Tất cả",
                network.total,
                "Tổng lượt truy cập của cổng này và các cổng cấp dưới",
            ),
        ]
    rows = [
        ("online", "Đang truy cập", numbers.online, "Số khách xem trang trong 5 phút vừa qua"),
        ("today", "Hôm nay", numbers.today, "Lượt truy cập từ 0 giờ hôm nay (giờ Việt Nam)"),
        ("week", "Trong tuần", numbers.week, "Lượt truy cập từ thứ Hai tuần này đến nay"),
        ("total", "Tất cả", numbers.total, "Tổng lượt truy cập, gồm cả số của cổng cũ chuyển sang"),
    ]
    return {"stats": numbers, "rows": rows, "network": network, "network_rows": network_rows}


@register.filter
def vn_int(value) -> str:
    """3782582 → "3.782.582"."""
    try:
        return vn_number(int(value))
    except (TypeError, ValueError):
        return ""
