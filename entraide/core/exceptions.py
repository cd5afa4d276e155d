class ActionRefused(Exception):
    """A change the domain's rules refuse (not a permission problem): its message, already
    translated, is shown to the person next to what they tried."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
