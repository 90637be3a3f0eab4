"""Print pycdlib's view of an ISO image as JSON: {path: {type, size, sha256, target, mode}}.

Usage: /usr/bin/python3 pycdlib_dump.py IMAGE VIEW   (VIEW: iso | joliet | rr | udf)

Paths in the iso view have the ";1" version stripped. File bytes come from pycdlib's own
extraction (get_file_from_iso_fp); Rock Ridge symlink targets and modes from its records.
"""
import hashlib
import io
import json
import sys

import pycdlib


def main():
    image, view = sys.argv[1], sys.argv[2]
    iso = pycdlib.PyCdlib()
    iso.open(image)
    key = {"iso": "iso_path", "joliet": "joliet_path", "rr": "rr_path", "udf": "udf_path"}[view]
    out = {}
    for root, dirs, files in iso.walk(**{key: "/"}):
        base = "" if root == "/" else root
        for d in dirs:
            entry = {"type": "dir"}
            if view == "rr":
                rec = iso.get_record(rr_path=base + "/" + d)
                entry["mode"] = rec.rock_ridge.get_file_mode() & 0o7777
            out[base + "/" + d] = entry
        for f in files:
            path = base + "/" + f
            name = path[:-2] if view == "iso" and path.endswith(";1") else path
            if view == "rr":
                rec = iso.get_record(rr_path=path)
                if rec.rock_ridge is not None and rec.rock_ridge.is_symlink():
                    target = rec.rock_ridge.symlink_path()
                    if isinstance(target, bytes):
                        target = target.decode("utf-8")
                    out[name] = {"type": "symlink", "target": target,
                                 "mode": rec.rock_ridge.get_file_mode() & 0o7777}
                    continue
            if view == "udf":
                rec = iso.get_record(udf_path=path)
                if rec.is_symlink():
                    # pycdlib has no API for UDF symlink targets: type only.
                    out[name] = {"type": "symlink"}
                    continue
            if view == "iso":
                rec = iso.get_record(iso_path=path)
                if rec.rock_ridge is not None and rec.rock_ridge.is_symlink():
                    # The ISO 9660 record of a Rock Ridge symlink holds no data.
                    out[name] = {"type": "file", "size": rec.get_data_length(),
                                 "sha256": hashlib.sha256(b"").hexdigest()}
                    continue
            buf = io.BytesIO()
            iso.get_file_from_iso_fp(buf, **{key: path})
            data = buf.getvalue()
            entry = {"type": "file", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            if view == "rr":
                entry["mode"] = rec.rock_ridge.get_file_mode() & 0o7777
            out[name] = entry
    iso.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
