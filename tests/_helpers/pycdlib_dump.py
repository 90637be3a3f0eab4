"""Print pycdlib's view of an ISO image as JSON: {path: {type, size, sha256, target, mode}}.

Usage: /usr/bin/python3 pycdlib_dump.py IMAGE VIEW [--hide-udf]   (VIEW: iso | joliet | rr | udf)

Paths in the iso view have the ";1" version stripped. File bytes come from pycdlib's own
extraction (get_file_from_iso_fp); Rock Ridge symlink targets and modes from its records.

--hide-udf reads the sectors of the UDF volume recognition sequence (BEA01, NSR0x, TEA01)
as zeros, so that pycdlib reads the ISO 9660 views of a bridge image without parsing its
UDF volume: pycdlib 1.12 parses UDF on open and refuses every logical volume descriptor
with a type 1 and a 64-byte type 2 partition map (UDF 2.50/2.60 metadata partitions, VAT
and sparable volumes alike; see udf_readers.ts). Nothing else is changed.
"""
import hashlib
import io
import json
import sys

import pycdlib

UDF_VRS_IDS = (b"BEA01", b"NSR02", b"NSR03", b"TEA01")


class HiddenUdf(io.FileIO):
    """The image file, with the sectors of the UDF volume recognition sequence read as zeros."""

    def __init__(self, path):
        super().__init__(path, "rb")
        self.hidden = []
        for sector in range(16, 64):
            super().seek(sector * 2048)
            if super().read(6)[1:6] in UDF_VRS_IDS:
                self.hidden.append(sector)
        super().seek(0)

    def read(self, size=-1):
        at = self.tell()
        data = bytearray(super().read(size))
        for sector in self.hidden:
            lo = max(sector * 2048 - at, 0)
            hi = min((sector + 1) * 2048 - at, len(data))
            if lo < hi:
                data[lo:hi] = bytes(hi - lo)
        return bytes(data)


def main():
    image, view = sys.argv[1], sys.argv[2]
    iso = pycdlib.PyCdlib()
    if "--hide-udf" in sys.argv[3:]:
        iso.open_fp(HiddenUdf(image))
    else:
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
