#!/usr/bin/env python3
"""A stand-in for Neuronpedia's public datasets bucket (an S3 bucket) on loopback, for the tests: it serves ROOT's files
as the bucket's keys, with the two routes saescope uses:

- GET /?list-type=2&prefix=P[&continuation-token=T]   ListObjectsV2: <ListBucketResult> with <Contents><Key>, <Size>,
                                                      --page keys a page, <IsTruncated> and <NextContinuationToken>
- GET /KEY                                            the file, with Range (bytes=START- or START-END)

Options: --page N keys per listing page (default 1000); --cut KEY cuts the connection half-way through the first full
download of that key; --log FILE appends one line per request. It prints "PORT n" when it listens.

    python3 Tests/bucket_standin.py ROOT [--page N] [--cut KEY] [--log FILE]"""
import http.server, os, sys, threading, urllib.parse
from xml.sax.saxutils import escape
import standin_content


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        if self.server.log:
            with open(self.server.log, "a") as f:
                f.write(f"{self.command} {self.path} range={self.headers.get('Range')}\n")

    def send(self, code, body=b"", content_type="application/xml"):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/":
            return self.listing(urllib.parse.parse_qs(url.query))
        key = urllib.parse.unquote(url.path[1:])
        path = os.path.join(self.server.root, key)
        if ".." in key.split("/") or not os.path.isfile(path):
            return self.send(404, b"<Error><Code>NoSuchKey</Code></Error>")
        data = open(path, "rb").read()
        standin_content.serve(self, data, key)

    def listing(self, query):
        if query.get("list-type") != ["2"]:
            return self.send(400, b"<Error><Code>InvalidArgument</Code></Error>")
        prefix = query.get("prefix", [""])[0]
        keys = []
        for folder, _, names in os.walk(self.server.root):
            for name in names:
                key = os.path.relpath(os.path.join(folder, name), self.server.root).replace(os.sep, "/")
                if key.startswith(prefix):
                    keys.append(key)
        keys.sort()
        start = int(query.get("continuation-token", ["0"])[0])
        page = keys[start:start + self.server.page]
        truncated = start + self.server.page < len(keys)
        items = "".join(f"<Contents><Key>{escape(k)}</Key><Size>{os.path.getsize(os.path.join(self.server.root, k))}</Size>"
                        f"<StorageClass>STANDARD</StorageClass></Contents>" for k in page)
        more = f"<NextContinuationToken>{start + self.server.page}</NextContinuationToken>" if truncated else ""
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                f"<Name>neuronpedia-datasets</Name><Prefix>{escape(prefix)}</Prefix><KeyCount>{len(page)}</KeyCount>"
                f"<MaxKeys>{self.server.page}</MaxKeys><IsTruncated>{'true' if truncated else 'false'}</IsTruncated>{more}{items}"
                f"</ListBucketResult>")
        self.send(200, body.encode())


def main():
    args = sys.argv[1:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.root = os.path.abspath(args[0])
    server.page = int(args[args.index("--page") + 1]) if "--page" in args else 1000
    server.cut = args[args.index("--cut") + 1] if "--cut" in args else None
    server.log = args[args.index("--log") + 1] if "--log" in args else None
    server.lock, server.was_cut = threading.Lock(), set()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
