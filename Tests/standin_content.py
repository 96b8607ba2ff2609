"""What the tests' stand-ins (hub_standin.py, bucket_standin.py) share: a file's content served as a CDN or S3 serves
it, with Range (bytes=START- or START-END), HEAD, and a connection cut half-way through the first full download of the
server's `cut` key (`server.lock`, `server.was_cut`)."""


def serve(handler, data, key):
    """Answers `handler`'s GET or HEAD of `data`, the content of `key`."""
    start, end = 0, len(data) - 1
    if handler.headers.get("Range", "").startswith("bytes="):
        first, last = handler.headers["Range"][6:].split("-")
        start, end = int(first), min(int(last), len(data) - 1) if last else len(data) - 1
        if start >= len(data) or end < start:
            handler.send_response(416)
            handler.send_header("Content-Range", f"bytes */{len(data)}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(206)
        handler.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
    else:
        handler.send_response(200)
    data = data[:end + 1]
    handler.send_header("Content-Length", str(len(data) - start))
    handler.end_headers()
    if handler.command == "HEAD":
        return
    server = handler.server
    with server.lock:
        cut = start == 0 and key == server.cut and key not in server.was_cut
        if cut:
            server.was_cut.add(key)
    if cut:
        handler.wfile.write(data[:len(data) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(2)
        return
    handler.wfile.write(data[start:])
