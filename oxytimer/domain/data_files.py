"""The massage protocol and the scoring instrument the app works with, read on first use.

The first screen (choosing a mother and a caregiver) needs neither, so start-up does not
read them: the app shows its window, then checks both files (see ``oxytimer.app``), and
every screen that needs them asks :class:`DataFiles` for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oxytimer.domain.instrument import Instrument
    from oxytimer.domain.protocol import MassageProtocol


class DataFiles:
    """The protocol and the instrument, each read from its file the first time it is used.

    Args:
        protocol: A protocol already loaded (tests, the demo); else read on first use.
        instrument: An instrument already loaded; else read on first use.
        protocol_path: The protocol file; by default the one shipped with the app.
        instrument_path: The instrument file; by default the one shipped with the app.

    Reading raises :class:`oxytimer.domain.texts.ResourceError` for a missing or broken
    file, every time it is asked for until the file is fixed.
    """

    def __init__(
        self,
        protocol: MassageProtocol | None = None,
        instrument: Instrument | None = None,
        *,
        protocol_path: Path | None = None,
        instrument_path: Path | None = None,
    ) -> None:
        self._protocol = protocol
        self._instrument = instrument
        self._protocol_path = protocol_path
        self._instrument_path = instrument_path

    @property
    def protocol(self) -> MassageProtocol:
        """The massage protocol."""
        if self._protocol is None:
            from oxytimer.domain.protocol import load_protocol

            self._protocol = load_protocol(self._protocol_path)
        return self._protocol

    @property
    def instrument(self) -> Instrument:
        """The scoring instrument."""
        if self._instrument is None:
            from oxytimer.domain.instrument import load_instrument

            self._instrument = load_instrument(self._instrument_path)
        return self._instrument

    @property
    def loaded(self) -> bool:
        """Whether both have been read."""
        return self._protocol is not None and self._instrument is not None

    def check(self) -> None:
        """Read both now (if not read yet); raises ``ResourceError`` for a broken file."""
        _ = self.protocol, self.instrument
