"""A small stand-in for the `iterm2` package, for testing Tower's helper with plain python3.

Only what the helper uses, with the names of the real package (Connection.async_create,
async_get_app, App/Window/Tab/Session, ScreenStreamer via get_screen_streamer, NewSessionMonitor,
SessionTerminationMonitor). Set TOWER_FAKE_ITERM2 to JSON: {"sessions": [{"id", "tty", "lines"}],
"connect_error": "name"}. Text sent to a session is appended to its last line ("\r" starts a new
line), so a test can read back what was typed. It also print()s to stdout, as the real library
sometimes does, to prove the helper keeps that off the protocol stream.
"""
import asyncio
import json
import os

__version__ = "0.0-stand-in"

_config = json.loads(os.environ.get("TOWER_FAKE_ITERM2", "{}"))


class Size:
    def __init__(self, width, height):
        self.width = width
        self.height = height


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class LineContents:
    def __init__(self, string):
        self.string = string


class ScreenContents:
    def __init__(self, lines, cursor):
        self._lines = list(lines)
        self.cursor_coord = cursor

    @property
    def number_of_lines(self):
        return len(self._lines)

    def line(self, index):
        return LineContents(self._lines[index])


class ScreenStreamer:
    def __init__(self, session):
        self._session = session

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def async_get(self, style=False):
        await self._session._changed.wait()
        self._session._changed.clear()
        return None


class Session:
    def __init__(self, app, session_id, tty, lines, name="zsh"):
        self._app = app
        self.session_id = session_id
        self.grid_size = Size(80, 24)
        self._lines = list(lines) or [""]
        self._variables = {"tty": tty, "name": name, "jobName": name, "pid": 4242}
        self._changed = asyncio.Event()
        self.closed = False

    async def async_get_variable(self, name):
        return self._variables.get(name)

    async def async_set_variable(self, name, value):
        if not name.startswith("user."):
            raise ValueError("user variables only")
        self._variables[name] = value

    async def async_set_name(self, name):
        self._variables["name"] = name

    async def async_send_text(self, text, suppress_broadcast=False):
        if not suppress_broadcast:
            raise AssertionError("Tower must suppress broadcast")
        for char in text:
            if char == "\r":
                self._lines.append("")
            else:
                self._lines[-1] += char
        self._changed.set()

    async def async_get_screen_contents(self):
        return ScreenContents(self._lines, Point(len(self._lines[-1]), len(self._lines) - 1))

    def get_screen_streamer(self, want_contents=True):
        return ScreenStreamer(self)

    async def async_close(self, force=False):
        self._app._remove(self)


class Tab:
    def __init__(self, tab_id, session):
        self.tab_id = tab_id
        self.sessions = [session]
        self.current_session = session


class Window:
    def __init__(self, window_id, tab):
        self.window_id = window_id
        self.tabs = [tab]
        self.current_tab = tab

    @staticmethod
    async def async_create(connection, profile=None, command=None, profile_customizations=None):
        app = connection.app
        return app._add("new-%d" % (len(app.terminal_windows) + 1), "/dev/ttys0%02d" % (len(app.terminal_windows) + 50), [""])


class App:
    def __init__(self):
        self.terminal_windows = []
        self.created = asyncio.Queue()
        self.terminated = asyncio.Queue()

    def _add(self, session_id, tty, lines):
        session = Session(self, session_id, tty, lines)
        n = len(self.terminal_windows) + 1
        window = Window("w%d" % n, Tab("t%d" % n, session))
        self.terminal_windows.append(window)
        self.created.put_nowait(session_id)
        return window

    def _remove(self, session):
        self.terminal_windows = [w for w in self.terminal_windows if w.current_tab.current_session is not session]
        self.terminated.put_nowait(session.session_id)

    def get_session_by_id(self, session_id):
        for window in self.terminal_windows:
            for tab in window.tabs:
                for session in tab.sessions:
                    if session.session_id == session_id:
                        return session
        return None


class Connection:
    def __init__(self):
        self.app = App()
        for item in _config.get("sessions", []):
            self.app._add(item["id"], item.get("tty", "/dev/ttys001"), item.get("lines", [""]))
        # Sessions that existed before the helper started are not "new".
        self.app.created = asyncio.Queue()

    @staticmethod
    async def async_create():
        print("stand-in iterm2: connecting")  # noise on stdout, like the real library's messages
        error = _config.get("connect_error")
        if error:
            raise ConnectionRefusedError(error)
        return Connection()


async def async_get_app(connection):
    return connection.app


class NewSessionMonitor:
    def __init__(self, connection):
        self._queue = connection.app.created

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def async_get(self):
        return await self._queue.get()


class SessionTerminationMonitor(NewSessionMonitor):
    def __init__(self, connection):
        self._queue = connection.app.terminated
