"""Host names as the platform compares them (no Django here: settings import it)."""


def normalise_host(value: str) -> str:
    """A host name as the platform compares them: lower case, without port or trailing dot."""
    value = (value or "").strip().lower()
    if value.startswith("["):  # [::1]:8000
        end = value.find("]")
        return value[: end + 1] if end != -1 else value
    return value.rsplit(":", 1)[0].rstrip(".") if value.count(":") <= 1 else value
