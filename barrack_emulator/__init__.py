"""A local, stateful emulator of the Barrack GPU cloud API (FastAPI + uvicorn).

Start it with ``barrack-emulator`` or, from tests, ``barrack_emulator.testing.start_emulator()``.
"""

__version__ = "0.1.0"
