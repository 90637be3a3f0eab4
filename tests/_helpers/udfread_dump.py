"""Print libudfread's view of a UDF image as JSON: {path: {type, size, sha256[, data]}}.

Usage: /usr/bin/python3 udfread_dump.py IMAGE

libudfread (VideoLAN's UDF reader, Debian's libudfread0) is called through ctypes: the
directory walk, the names (it decodes OSTA compressed unicode to UTF-8) and every byte come
from the library. Files of up to 2048 bytes also carry their bytes as hex in "data", so
symlinks, which libudfread reports as regular files holding their path components, can be
decoded by the caller. Exit code 3 when the library is missing, 2 when it refuses the image.

libudfread turns each UTF-16 unit of a name into UTF-8 on its own, so a character outside
the BMP (a surrogate pair) comes out as two 3-byte sequences (CESU-8); the names are
re-joined into proper UTF-8 for the report and passed back to the library as it gave them.
"""
import ctypes
import hashlib
import json
import sys

try:
    lib = ctypes.CDLL("libudfread.so.0")
except OSError:
    sys.stderr.write("libudfread is not installed: apt-get install libudfread0\n")
    sys.exit(3)


class Dirent(ctypes.Structure):
    # struct udfread_dirent { unsigned int d_type; const char *d_name; } (udfread.h)
    _fields_ = [("d_type", ctypes.c_uint), ("d_name", ctypes.c_char_p)]


UDF_DT_DIR = 1
P = ctypes.c_void_p
lib.udfread_init.restype = P
lib.udfread_open.argtypes = [P, ctypes.c_char_p]
lib.udfread_close.argtypes = [P]
lib.udfread_opendir.restype = P
lib.udfread_opendir.argtypes = [P, ctypes.c_char_p]
lib.udfread_readdir.restype = ctypes.POINTER(Dirent)
lib.udfread_readdir.argtypes = [P, ctypes.POINTER(Dirent)]
lib.udfread_closedir.argtypes = [P]
lib.udfread_file_open.restype = P
lib.udfread_file_open.argtypes = [P, ctypes.c_char_p]
lib.udfread_file_size.restype = ctypes.c_int64
lib.udfread_file_size.argtypes = [P]
lib.udfread_file_read.restype = ctypes.c_ssize_t
lib.udfread_file_read.argtypes = [P, P, ctypes.c_size_t]
lib.udfread_file_close.argtypes = [P]

CHUNK = 1 << 20


def report_name(raw):
    """Proper text of a name libudfread gave (CESU-8 surrogate pairs re-joined)."""
    text = raw.decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def read_file(udf, raw, path):
    f = lib.udfread_file_open(udf, raw)
    if not f:
        raise SystemExit("libudfread cannot open " + path)
    try:
        size = lib.udfread_file_size(f)
        digest = hashlib.sha256()
        buf = ctypes.create_string_buffer(CHUNK)
        done = 0
        head = b""
        while done < size:
            n = lib.udfread_file_read(f, buf, min(CHUNK, size - done))
            if n <= 0:
                raise SystemExit("libudfread read %d of %d bytes of %s" % (done, size, path))
            data = buf.raw[:n]
            if done < 2048:
                head += data[: 2048 - done]
            digest.update(data)
            done += n
        entry = {"type": "file", "size": size, "sha256": digest.hexdigest()}
        if size <= 2048:
            entry["data"] = head.hex()
        return entry
    finally:
        lib.udfread_file_close(f)


def walk(udf, raw, path, out):
    d = lib.udfread_opendir(udf, raw)
    if not d:
        raise SystemExit("libudfread cannot open folder " + path)
    names = []
    entry = Dirent()
    while lib.udfread_readdir(d, ctypes.byref(entry)):
        names.append((entry.d_type, entry.d_name))
    lib.udfread_closedir(d)
    for kind, name in names:
        if name in (b".", b".."):
            continue
        child_raw = (b"" if raw == b"/" else raw) + b"/" + name
        child = ("" if path == "/" else path) + "/" + report_name(name)
        if kind == UDF_DT_DIR:
            out[child] = {"type": "dir"}
            walk(udf, child_raw, child, out)
        else:
            out[child] = read_file(udf, child_raw, child)


def main():
    udf = lib.udfread_init()
    if lib.udfread_open(udf, sys.argv[1].encode("utf-8")) < 0:
        sys.stderr.write("libudfread cannot open the UDF volume of " + sys.argv[1] + "\n")
        sys.exit(2)
    out = {}
    try:
        walk(udf, b"/", "/", out)
    finally:
        lib.udfread_close(udf)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
