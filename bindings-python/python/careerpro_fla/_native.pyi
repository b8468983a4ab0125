# Type stubs of the compiled module; `mypy.stubtest careerpro_fla._native` checks them.
# The module is the core's bridge and nothing else: every class lives in the Python package.
from typing import List, Optional, Union, final

__version__: str
CHAMAN_RULES: List[str]

_Buffer = Union[bytes, bytearray, memoryview]

class BridgeError(Exception): ...

def call(op: str, input: str, data: _Buffer = b'', *, now_ms: Optional[int] = None) -> str: ...

@final
class Handle:
    def __new__(
        cls, kind: str, input: str, data: _Buffer = b'', *, now_ms: Optional[int] = None
    ) -> Handle: ...
    def call(
        self, op: str, input: str, data: _Buffer = b'', *, now_ms: Optional[int] = None
    ) -> str: ...
    @property
    def kind(self) -> str: ...
