"""Where to send what: token endpoint, audience, API base URL and scope for one service in one
quality. The core owns every URL and scope (bridge operation ``profile``); a :class:`Profile`
is the core's answer, kept as plain immutable data.

>>> p = Profile.fla("acceptance", "employer")
>>> p.token_url
'https://services-acpt.socialsecurity.be/REST/oauth/v5/token'
>>> p.with_scope(None).scope is None
True
"""

from __future__ import annotations

from typing import Any, Dict, Literal, NewType, Optional, Union, final

from . import _bridge

__all__ = ["Environment", "Origin", "Profile", "Quality", "SCOPE_AGENT", "SCOPE_EMPLOYER"]

Environment = Literal["production", "acceptance"]
"""The platform's environments by name."""

Origin = NewType("Origin", str)
"""Any other origin (``Origin("http://127.0.0.1:8080")``: the local sandbox)."""

Quality = Literal["employer", "agent", "training_provider"]
"""The quality the Chaman account acts in."""


@final
class Profile:
    """Token endpoint, audience, API base URL and scope. Immutable; equal by value."""

    __slots__ = ("_data",)
    _data: Dict[str, Any]

    def __init__(self, token_url: str, api_base_url: str) -> None:
        """A profile for any service of the platform: audience = token URL, no scope."""
        object.__setattr__(self, "_data", _profile({"token_url": token_url, "api_base_url": api_base_url}))

    @classmethod
    def _of(cls, data: Dict[str, Any]) -> "Profile":
        p = cls.__new__(cls)
        object.__setattr__(p, "_data", data)
        return p

    @classmethod
    def fla(cls, environment: Union[Environment, Origin], quality: Quality) -> "Profile":
        """The FLA profile: ``environment`` is ``production``, ``acceptance`` or an
        :data:`Origin`; ``quality`` is ``employer``, ``agent`` or ``training_provider``."""
        return cls._of(_profile({"environment": environment, "quality": quality}))

    @classmethod
    def from_json(cls, text: str) -> "Profile":
        """A profile from JSON: ``{"environment", "quality", …overrides}`` or ``{"token_url",
        "api_base_url", "audience"?, "scope"?}``."""
        return cls._of(_bridge.call("profile", text))

    @property
    def token_url(self) -> str:
        """Token endpoint URL."""
        return str(self._data["token_url"])

    @property
    def audience(self) -> str:
        """The assertion's ``aud``."""
        return str(self._data["audience"])

    @property
    def api_base_url(self) -> str:
        """The API base URL request paths are joined to."""
        return str(self._data["api_base_url"])

    @property
    def scope(self) -> Optional[str]:
        """The scope requested; ``None`` asks for the account's defaults."""
        return self._data.get("scope")

    def with_scope(self, scope: Optional[str]) -> "Profile":
        """The same profile requesting ``scope`` (``None``: the account's defaults)."""
        return self._with(scope=scope)

    def with_token_url(self, token_url: str) -> "Profile":
        """The same profile with another token URL (the audience follows unless it was set
        apart from the token URL)."""
        data = dict(self._data)
        if data["audience"] == data["token_url"]:
            del data["audience"]  # Profile::with_token_url: an audience equal to the URL follows it
        data["token_url"] = token_url
        return Profile._of(_profile(data))

    def with_audience(self, audience: str) -> "Profile":
        """The same profile with another ``aud``."""
        return self._with(audience=audience)

    def with_api_base_url(self, api_base_url: str) -> "Profile":
        """The same profile with another API base URL."""
        return self._with(api_base_url=api_base_url)

    def validate(self) -> None:
        """Checks the URLs and the audience (raises the typed error)."""
        _profile(dict(self._data))

    def to_dict(self) -> Dict[str, Any]:
        """``{"token_url", "audience", "api_base_url", "scope"?}``, the core's shape."""
        return dict(self._data)

    def _with(self, **changes: Any) -> "Profile":
        data = dict(self._data)
        data.update(changes)
        return Profile._of(_profile(data))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Profile) and other._data == self._data

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Profile is immutable")

    def __repr__(self) -> str:
        return (
            f"Profile(token_url={self.token_url!r}, audience={self.audience!r}, "
            f"api_base_url={self.api_base_url!r}, scope={self.scope!r})"
        )


def _profile(data: Dict[str, Any]) -> Dict[str, Any]:
    answer: Dict[str, Any] = _bridge.call("profile", data)
    return answer


SCOPE_EMPLOYER: str = _profile({"environment": "production", "quality": "employer"}).get("scope", "")
"""The scope an employer requests."""
SCOPE_AGENT: str = _profile({"environment": "production", "quality": "agent"}).get("scope", "")
"""The scope an agent (social secretariat, service provider) requests."""
