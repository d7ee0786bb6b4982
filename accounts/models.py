"""The app's models, where Django looks for them. The session model is defined beside its
session store (accounts/sessions.py, the SESSION_ENGINE module): each names the other, so one
module holds both and neither imports the other."""

from accounts.sessions import UserSession

__all__ = ["UserSession"]
