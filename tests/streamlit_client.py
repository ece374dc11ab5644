"""A browser-less Streamlit session: Streamlit's own WebSocket protocol (BackMsg / ForwardMsg
protobufs, as its frontend speaks it), enough to run a page and read what it drew.

One Session is one browser tab: one WebSocket, the session cookie sent with the handshake (as
the browser sends it), and page runs on demand. What a run drew comes back as Drawn: the text of
its markdown, headings and alerts, and its tables as pandas frames (decoded from the Arrow bytes
the frontend would get).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

TEXT = ("markdown", "text", "alert", "heading")


@dataclass
class Drawn:
    texts: list[str] = field(default_factory=list)
    tables: list[pd.DataFrame] = field(default_factory=list)
    exception: list[str] = field(default_factory=list)


class Session:
    """One tab: `with Session(port, cookies) as s: s.run("data")`."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self._connection = connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            max_size=None,
        )

    def __enter__(self) -> Session:
        self.ws: ClientConnection = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def run(self, page: str = "", timeout: float = 120) -> Drawn:
        """Run the page at /<page> and collect what it drew until the run finishes."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = page
        self.ws.send(msg.SerializeToString())
        drawn = Drawn()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"/{page} did not finish in {timeout} s")
            fm = ForwardMsg()
            fm.ParseFromString(self.ws.recv(timeout=left))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                what = element.WhichOneof("type")
                if what in TEXT:
                    drawn.texts.append(getattr(element, what).body)
                elif what == "dataframe":
                    reader = pa.ipc.open_stream(element.dataframe.arrow_data.data)
                    drawn.tables.append(reader.read_all().to_pandas())
                elif what == "exception":
                    drawn.exception.append(element.exception.message)
            elif kind == "script_finished":
                return drawn
