#!/usr/bin/env python3
"""Tower's iTerm2 helper: the iTerm2 Python API over JSON lines on stdio.

Run by Tower with iTerm2's own Python runtime (never /usr/bin/python3). One JSON object per line.
Requests {"id": n, "op": ...} get {"id": n, "ok": true, "result": ...} or
{"id": n, "ok": false, "error": {"code": ..., "message": ...}}. Unsolicited events:
{"event": "ready"}, {"event": "screen", "session": id} (a ScreenStreamer saw a change),
{"event": "session_created"|"session_closed", "session": id}, {"event": "fatal", "code", "message"}.
Ops: list, screen, send_text, create, close. The helper exits when stdin closes (no orphans).
"""
import asyncio
import json
import os
import sys

PROTOCOL = 1
# The iterm2 library print()s diagnostics to stdout; keep the protocol stream clean.
_proto = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
sys.stdout = sys.stderr


def emit(message):
    _proto.write(json.dumps(message, ensure_ascii=True) + "\n")
    _proto.flush()


try:
    import iterm2
except ImportError as error:  # no runtime with the package: Tower falls back to AppleScript
    emit({"event": "fatal", "code": "NO_ITERM2_MODULE", "message": str(error)})
    sys.exit(2)


class RequestError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def session_of(app, request):
    session_id = request.get("session")
    if not isinstance(session_id, str):
        raise RequestError("BAD_REQUEST", "session must be a string")
    session = app.get_session_by_id(session_id)
    if session is None:
        raise RequestError("NO_SUCH_SESSION", "no session " + session_id)
    return session


def text_of(request, key):
    value = request.get(key)
    if not isinstance(value, str):
        raise RequestError("BAD_REQUEST", key + " must be a string")
    return value


async def describe(session):
    size = session.grid_size
    return {
        "session": session.session_id,
        "tty": await session.async_get_variable("tty"),
        "name": await session.async_get_variable("name"),
        "title": await session.async_get_variable("user.towerTitle"),
        "jobName": await session.async_get_variable("jobName"),
        "pid": await session.async_get_variable("pid"),
        "cols": size.width,
        "rows": size.height,
    }


async def op_list(app, connection, request):
    sessions = []
    for window in app.terminal_windows:
        for tab in window.tabs:
            for session in tab.sessions:
                item = await describe(session)
                item.update({"window": window.window_id, "tab": tab.tab_id})
                sessions.append(item)
    return {"sessions": sessions}


async def op_screen(app, connection, request):
    session = session_of(app, request)
    contents = await session.async_get_screen_contents()
    lines = [contents.line(i).string for i in range(contents.number_of_lines)]
    cursor = contents.cursor_coord
    size = session.grid_size
    return {"lines": lines, "cursor": [cursor.x, cursor.y], "cols": size.width, "rows": size.height}


async def op_send_text(app, connection, request):
    session = session_of(app, request)
    text = text_of(request, "text")
    # Broadcast input would copy Tower's keys into other sessions: never.
    await session.async_send_text(text, suppress_broadcast=True)
    return None


async def op_create(app, connection, request):
    line = text_of(request, "line")
    title = text_of(request, "title")
    # A plain shell window, then the line typed into it: the tab outlives the command (like Terminal.app).
    window = await iterm2.Window.async_create(connection)
    if window is None:
        raise RequestError("CREATE_FAILED", "iTerm2 did not create a window")
    session = window.current_tab.current_session
    await session.async_set_variable("user.towerTitle", title)
    await session.async_set_name(title)
    await session.async_send_text(line + "\r", suppress_broadcast=True)
    item = await describe(session)
    item.update({"window": window.window_id, "tab": window.current_tab.tab_id})
    return item


async def op_close(app, connection, request):
    session = session_of(app, request)
    await session.async_close(force=True)
    return None


OPS = {"list": op_list, "screen": op_screen, "send_text": op_send_text, "create": op_create, "close": op_close}


async def requests():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=16 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:  # the parent closed stdin or died
            return
        yield line


async def answer(app, connection, raw):
    request_id = None
    try:
        request = json.loads(raw)
        if not isinstance(request, dict):
            raise RequestError("BAD_REQUEST", "a request is a JSON object")
        request_id = request.get("id")
        op = OPS.get(request.get("op"))
        if op is None:
            raise RequestError("UNKNOWN_OP", "unknown op " + json.dumps(request.get("op")))
        emit({"id": request_id, "ok": True, "result": await op(app, connection, request)})
    except RequestError as error:
        emit({"id": request_id, "ok": False, "error": {"code": error.code, "message": str(error)}})
    except json.JSONDecodeError as error:
        emit({"id": None, "ok": False, "error": {"code": "BAD_JSON", "message": str(error)}})
    except Exception as error:  # report, keep serving
        emit({"id": request_id, "ok": False, "error": {"code": type(error).__name__, "message": str(error)}})


class Watchers:
    """One ScreenStreamer task per session: each change becomes a "screen" event."""

    def __init__(self, app):
        self.app = app
        self.tasks = {}

    def watch(self, session_id):
        if session_id not in self.tasks:
            self.tasks[session_id] = asyncio.create_task(self.stream(session_id))

    def unwatch(self, session_id):
        task = self.tasks.pop(session_id, None)
        if task is not None:
            task.cancel()

    async def stream(self, session_id):
        session = self.app.get_session_by_id(session_id)
        if session is None:
            return
        try:
            async with session.get_screen_streamer(want_contents=False) as streamer:
                while True:
                    await streamer.async_get()
                    emit({"event": "screen", "session": session_id})
        except asyncio.CancelledError:
            raise
        except Exception as error:
            sys.stderr.write("streamer for %s ended: %s\n" % (session_id, error))

    def cancel_all(self):
        for session_id in list(self.tasks):
            self.unwatch(session_id)


async def monitor_sessions(connection, watchers):
    async with iterm2.NewSessionMonitor(connection) as monitor:
        while True:
            session_id = await monitor.async_get()
            watchers.watch(session_id)
            emit({"event": "session_created", "session": session_id})


async def monitor_closed(connection, watchers):
    # iTerm2 delays this while closing can still be undone; Tower's list() is the ground truth.
    async with iterm2.SessionTerminationMonitor(connection) as monitor:
        while True:
            session_id = await monitor.async_get()
            watchers.unwatch(session_id)
            emit({"event": "session_closed", "session": session_id})


async def main():
    try:
        connection = await iterm2.Connection.async_create()
        app = await iterm2.async_get_app(connection)
    except Exception as error:  # refused (API off, iTerm2 not running), 401 (not allowed), too old
        emit({"event": "fatal", "code": "CONNECT_FAILED", "message": "%s: %s" % (type(error).__name__, error)})
        return 3
    watchers = Watchers(app)
    for window in app.terminal_windows:
        for tab in window.tabs:
            for session in tab.sessions:
                watchers.watch(session.session_id)
    background = [
        asyncio.create_task(monitor_sessions(connection, watchers)),
        asyncio.create_task(monitor_closed(connection, watchers)),
    ]
    version = getattr(iterm2, "__version__", None)
    emit({"event": "ready", "protocol": PROTOCOL, "lib": version, "python": sys.version.split()[0]})
    pending = set()
    async for raw in requests():
        task = asyncio.create_task(answer(app, connection, raw))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.wait(pending, timeout=5)
    watchers.cancel_all()
    for task in background:
        task.cancel()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
