#!/usr/bin/env python3
"""A stand-in for the Hugging Face Hub on loopback, for the tests: saescope's client and the real huggingface_hub
download from it. It serves ROOT/ORG/NAME/... as repository ORG/NAME at one commit (the SHA-1 of its files' paths and
contents), with the routes and headers the Hub sends (docs/FORMATS.md §8):

- GET  /api/models/ORG/NAME/revision/REV       {"id", "sha", "siblings": [{"rfilename"}]}
- HEAD|GET /ORG/NAME/resolve/REV/PATH          small files: 200 with ETag (git blob SHA-1), X-Repo-Commit;
                                               LFS files (*.safetensors, *.npz, *.npy, *.bin, *.gguf): 302 to the
                                               CDN on another host name (localhost, not 127.0.0.1) with
                                               X-Linked-Etag (SHA-256), X-Linked-Size, X-Repo-Commit
- GET  /cdn/SHA256                             the content, with Range (bytes=START- or START-END); a request carrying a token is refused (the
                                               client must drop Authorization when the host changes)
- errors with X-Error-Code: RepositoryNotFound, RevisionNotFound, EntryNotFound, GatedRepo (401 without the token
  when ROOT/ORG/NAME/.gated holds one).

Options: --cut PATH cuts the connection half-way through the first full download of that file (then serves normally);
--corrupt PATH serves that file's content with one byte changed (its ETag still the true hash); --log FILE appends
one line per request. It prints "PORT n" when it listens.

    python3 Tests/hub_standin.py ROOT [--cut PATH] [--corrupt PATH] [--log FILE]"""
import hashlib, http.server, json, os, sys, threading, urllib.parse
import standin_content

LFS_SUFFIXES = (".safetensors", ".npz", ".npy", ".bin", ".gguf")


class Repository:
    def __init__(self, folder):
        self.folder = folder
        self.files = {}
        for base, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue
                path = os.path.relpath(os.path.join(base, name), folder).replace(os.sep, "/")
                self.files[path] = os.path.join(base, name)
        digest = hashlib.sha1()
        for path in sorted(self.files):
            digest.update(path.encode() + b"\0" + self.sha256(path).encode())
        self.commit = digest.hexdigest()
        gate = os.path.join(folder, ".gated")
        self.token = open(gate).read().strip() if os.path.exists(gate) else None

    def content(self, path):
        with open(self.files[path], "rb") as f:
            return f.read()

    def sha256(self, path):
        return hashlib.sha256(self.content(path)).hexdigest()

    def git_sha1(self, path):
        data = self.content(path)
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        if self.server.log:
            with open(self.server.log, "a") as f:
                f.write(f"{self.command} {self.path} auth={'Authorization' in self.headers} range={self.headers.get('Range')}\n")

    def send(self, status, headers=(), body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def error(self, status, code, message):
        self.send(status, [("X-Error-Code", code), ("X-Error-Message", message)], message.encode())

    def repository(self, org, name):
        folder = os.path.join(self.server.root, org, name)
        if not os.path.isdir(folder):
            self.error(404, "RepositoryNotFound", f"Repository Not Found for url: {self.path}.")
            return None
        repo = Repository(folder)
        if repo.token is not None and self.headers.get("Authorization") != f"Bearer {repo.token}":
            self.error(401, "GatedRepo", f"Access to model {org}/{name} is restricted. You must have access to it and be authenticated to access it. Please log in.")
            return None
        return repo

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        if parts[:1] == ["cdn"] and len(parts) == 2:
            return self.cdn(parts[1])
        if parts[:2] == ["api", "models"] and len(parts) >= 6 and parts[4] == "revision":
            repo = self.repository(parts[2], parts[3])
            if repo is None:
                return
            if parts[5] not in ("main", repo.commit):
                return self.error(404, "RevisionNotFound", f"Invalid rev id: {parts[5]}")
            body = json.dumps({"id": f"{parts[2]}/{parts[3]}", "sha": repo.commit,
                               "siblings": [{"rfilename": p} for p in sorted(repo.files)]}).encode()
            return self.send(200, [("Content-Type", "application/json")], body)
        if len(parts) >= 5 and parts[2] == "resolve":
            repo = self.repository(parts[0], parts[1])
            if repo is None:
                return
            revision, path = parts[3], "/".join(parts[4:])
            if revision not in ("main", repo.commit):
                return self.error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            if path not in repo.files:
                return self.error(404, "EntryNotFound", f"{path} does not exist on \"{revision}\"")
            headers = [("X-Repo-Commit", repo.commit)]
            if path.endswith(LFS_SUFFIXES):
                sha = repo.sha256(path)
                self.server.blobs[sha] = (repo.files[path], path)
                port = self.server.server_address[1]
                headers += [("X-Linked-Etag", f'"{sha}"'), ("X-Linked-Size", str(os.path.getsize(repo.files[path]))),
                            ("ETag", f'"{sha}"'), ("Location", f"http://localhost:{port}/cdn/{sha}")]
                return self.send(302, headers)
            data = repo.content(path)
            return self.send(200, headers + [("ETag", f'"{repo.git_sha1(path)}"'), ("Content-Length", str(len(data)))], data)
        self.error(404, "EntryNotFound", "no such route")

    def cdn(self, sha):
        if "Authorization" in self.headers:
            return self.send(400, [], b"a token was sent to the CDN")
        if sha not in self.server.blobs:
            return self.send(404, [], b"no such blob")
        file, path = self.server.blobs[sha]
        with open(file, "rb") as f:
            data = f.read()
        if path == self.server.corrupt:
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        standin_content.serve(self, data, path)


def main():
    args = sys.argv[1:]
    root = os.path.abspath(args[0])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.root, server.blobs, server.lock, server.was_cut = root, {}, threading.Lock(), set()
    server.cut = args[args.index("--cut") + 1] if "--cut" in args else None
    server.log = args[args.index("--log") + 1] if "--log" in args else None
    server.corrupt = args[args.index("--corrupt") + 1] if "--corrupt" in args else None
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
