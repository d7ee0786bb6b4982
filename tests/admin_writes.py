"""What the cache suites share: a page warmed as a citizen sees it, and staff acting through an
admin changelist as the browser posts it."""

from django.urls import reverse


def warm(citizen, url: str) -> str:
    """The page as a citizen sees it, served from the cache on the second visit."""
    citizen.get(url)
    response = citizen.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def act(client, model, action: str, objects) -> None:
    """Tick `objects` in the admin list, choose `action` and confirm (as the browser posts it)."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "post": "yes"}
    response = client.post(changelist(model), data)
    assert response.status_code == 302, response.content.decode()[:500]


def bulk_delete(client, model, objects) -> None:
    act(client, model, "delete_selected", objects)
    assert not model.objects.filter(pk__in=[obj.pk for obj in objects]).exists()
